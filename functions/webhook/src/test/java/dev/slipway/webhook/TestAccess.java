package dev.slipway.webhook;

import com.fasterxml.jackson.databind.JsonNode;

/** Package-private pieces other test packages need. */
public final class TestAccess {
  private TestAccess() {}

  public static HttpRequest decode(JsonNode event) {
    return ApiGateway.decode(event);
  }
}
