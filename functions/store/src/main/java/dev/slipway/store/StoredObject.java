package dev.slipway.store;

import java.nio.charset.StandardCharsets;

/** One object read from the store. */
public record StoredObject(String key, byte[] body, String etag, String contentType) {

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
