package dev.slipway.deploy;

import dev.slipway.model.TerminalStepException;
import java.time.Duration;
import java.util.Map;

/**
 * The deploy functions' settings, read once per container from the function environment.
 *
 * @param connectTimeout {@code SLIPWAY_K8S_CONNECT_TIMEOUT} seconds (default 5)
 * @param readTimeout {@code SLIPWAY_K8S_READ_TIMEOUT} seconds (default 30)
 * @param parallelism {@code SLIPWAY_APPLY_PARALLELISM}: objects applied at once within a tier
 *     (default 4)
 */
public record DeployConfig(Duration connectTimeout, Duration readTimeout, int parallelism) {

  public static DeployConfig from(Map<String, String> env) {
    return new DeployConfig(
        Duration.ofSeconds(positive(env, "SLIPWAY_K8S_CONNECT_TIMEOUT", 5)),
        Duration.ofSeconds(positive(env, "SLIPWAY_K8S_READ_TIMEOUT", 30)),
        positive(env, "SLIPWAY_APPLY_PARALLELISM", 4));
  }

  private static int positive(Map<String, String> env, String name, int fallback) {
    var value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      var n = Integer.parseInt(value.strip());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new TerminalStepException(
        "Slipway.Config.Invalid",
        name
            + " must be a positive whole number, not '"
            + value
            + "'. Fix the function's environment.");
  }
}
