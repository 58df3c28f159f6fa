package dev.slipway.webhook;

/**
 * {@code POST /webhooks/github}, {@code /webhooks/jenkins}, {@code /webhooks/build} and {@code
 * GET|POST /approvals/{id}} (one function can serve the whole API). Handler string: {@code
 * dev.slipway.webhook.WebhookHandler::handleRequest}.
 */
public final class WebhookHandler extends ProxyHandler {

  /**
   * The Lambda entry point: the container's graph from its environment (see {@link WebhookConfig}),
   * built once, and its SnapStart priming registered.
   */
  public WebhookHandler() {
    this(WebhookWiring.instance());
  }

  /** A handler over a given graph (e.g. {@code slipway up}'s, built from its environment). */
  public WebhookHandler(WebhookWiring wiring) {
    this(wiring.webhookService());
    wiring.awsPriming().ifPresent(this::registerPriming);
  }

  /**
   * A handler over a given service: its config loader, secrets, execution starter and approvals.
   */
  WebhookHandler(WebhookService service) {
    super(service, path -> true);
  }
}
