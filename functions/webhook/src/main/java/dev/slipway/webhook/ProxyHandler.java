package dev.slipway.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Predicate;
import org.crac.Core;

/**
 * The shared body of the webhook and approval handlers: decode the API Gateway event (REST or HTTP
 * API format), let the service answer, encode the response. Owns its JSON (no runtime serialiser),
 * so it reads either payload format from one stream.
 */
abstract class ProxyHandler implements RequestStreamHandler {
  private final WebhookService service;
  private final Predicate<String> servesPath;

  /**
   * The SnapStart priming resource. CRaC holds registered resources only weakly, so the handler
   * (which the runtime keeps for the container's life) holds it strongly.
   */
  private Priming priming;

  ProxyHandler(WebhookService service, Predicate<String> servesPath) {
    this.service = service;
    this.servesPath = servesPath;
  }

  /**
   * Registers the SnapStart priming of this handler and of the AWS request path {@code awsPriming}.
   */
  final void registerPriming(Runnable awsPriming) {
    priming = new Priming(this, awsPriming);
    Core.getGlobalContext().register(priming);
  }

  /** The registered priming resource, if any. */
  final Priming priming() {
    return priming;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    HttpResponse response = respond(input.readAllBytes());
    output.write(Json.mapper().writeValueAsBytes(ApiGateway.encode(response)));
  }

  /** The response to one raw event. */
  HttpResponse respond(byte[] event) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(event);
    } catch (IOException e) {
      node = null;
    }
    if (!ApiGateway.isProxyEvent(node)) {
      return HttpResponse.error(
          400,
          WebhookErrors.MALFORMED,
          "not an API Gateway proxy event; invoke this function through API Gateway");
    }
    HttpRequest request;
    try {
      request = ApiGateway.decode(node);
    } catch (IllegalArgumentException e) {
      return HttpResponse.error(400, WebhookErrors.MALFORMED, "the body is not valid base64");
    }
    if (!servesPath.test(request.path())) {
      return HttpResponse.error(
          404,
          WebhookErrors.NOT_FOUND,
          "this function does not serve " + Fields.clip(request.path()));
    }
    return service.handle(request);
  }
}
