package dev.slipway.webhook;

/**
 * Only {@code GET|POST /approvals/{id}}, for a deployment that puts approvals in their own
 * function. Handler string: {@code dev.slipway.webhook.ApprovalHandler::handleRequest}.
 */
public final class ApprovalHandler extends ProxyHandler {

  /**
   * The Lambda entry point: the container's graph from its environment (see {@link WebhookConfig}),
   * built once, and its SnapStart priming registered.
   */
  public ApprovalHandler() {
    this(WebhookWiring.instance());
  }

  /** A handler over a given graph (e.g. {@code slipway up}'s, built from its environment). */
  public ApprovalHandler(WebhookWiring wiring) {
    this(wiring.webhookService());
    wiring.awsPriming().ifPresent(this::registerPriming);
  }

  /** A handler over a given service. */
  ApprovalHandler(WebhookService service) {
    super(service, path -> WebhookService.APPROVAL.matcher(path).matches());
  }
}
