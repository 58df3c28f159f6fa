package dev.slipway.local.cli;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** A test handler whose no-arg constructor reads the environment, as real handlers do. */
public final class GreetingHandler
    implements RequestHandler<Map<String, String>, Map<String, String>> {
  private final GreetingConfig config;

  public GreetingHandler() {
    this(GreetingConfig.fromEnvironment());
  }

  GreetingHandler(GreetingConfig config) {
    this.config = config;
  }

  @Override
  public Map<String, String> handleRequest(Map<String, String> in, Context context) {
    if (in.containsKey("fail")) {
      throw new IllegalArgumentException(in.get("fail"));
    }
    return Map.of("message", config.greeting() + ", " + in.get("name"));
  }
}
