package dev.slipway.webhook;

import dev.slipway.webhook.aws.AwsWiring;

/**
 * {@code POST /webhooks/github}, {@code /webhooks/jenkins}, {@code /webhooks/build} and {@code
 * GET|POST /approvals/{id}} (one function can serve the whole API). Handler string: {@code
 * dev.slipway.webhook.WebhookHandler::handleRequest}.
 */
public final class WebhookHandler extends ProxyHandler {

  /** Builds the real graph once per container from the environment (see {@link WebhookConfig}). */
  public WebhookHandler() {
    this(AwsWiring.wire(WebhookConfig.fromEnvironment()));
  }

  private WebhookHandler(AwsWiring.Wired wired) {
    this(wired.service());
    registerPriming(wired.awsPriming());
  }

  /**
   * A handler over a given service: its config loader, secrets, execution starter (e.g. the local
   * executor's in {@code slipway run}) and approvals.
   */
  public WebhookHandler(WebhookService service) {
    super(service, path -> true);
  }
}
