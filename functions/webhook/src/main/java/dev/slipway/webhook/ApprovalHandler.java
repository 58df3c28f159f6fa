package dev.slipway.webhook;

import dev.slipway.webhook.aws.AwsWiring;

/**
 * Only {@code GET|POST /approvals/{id}}, for a deployment that puts approvals in their own
 * function. Handler string: {@code dev.slipway.webhook.ApprovalHandler::handleRequest}.
 */
public final class ApprovalHandler extends ProxyHandler {

  /** Builds the real graph once per container from the environment (see {@link WebhookConfig}). */
  public ApprovalHandler() {
    this(AwsWiring.wire(WebhookConfig.fromEnvironment()));
  }

  private ApprovalHandler(AwsWiring.Wired wired) {
    this(wired.service());
    registerPriming(wired.awsPriming());
  }

  /** A handler over a given service (e.g. {@code slipway up}'s, built from its environment). */
  public ApprovalHandler(WebhookService service) {
    super(service, path -> WebhookService.APPROVAL.matcher(path).matches());
  }
}
