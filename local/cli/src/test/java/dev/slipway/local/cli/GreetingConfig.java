package dev.slipway.local.cli;

/** Test handler config: the greeting comes from the environment, read once at construction. */
record GreetingConfig(String greeting) {
  static GreetingConfig fromEnvironment() {
    return new GreetingConfig(System.getenv().getOrDefault("GREETING", "hello"));
  }
}
