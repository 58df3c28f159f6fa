package dev.slipway.analysis;

import dev.slipway.model.TerminalStepException;

/**
 * The canary analysis's named errors. Verdicts (Pass, Marginal, Fail, NoData) are data, never
 * errors; these are for "the analysis could not be done".
 */
public final class CanaryErrors {
  /** The canary config (or a query template in it) is wrong. Terminal. */
  public static final String INVALID_CONFIG = "Slipway.Canary.InvalidConfig";

  /**
   * Prometheus stayed down, slow or answering 5xx after the in-function retries. Terminal: the
   * release is rolled back rather than judged on no evidence.
   */
  public static final String METRICS_UNAVAILABLE = "Slipway.Canary.MetricsUnavailable";

  /** Prometheus rejected the query (HTTP 400/422, {@code errorType: bad_data}). Terminal. */
  public static final String BAD_QUERY = "Slipway.Canary.BadQuery";

  /** Prometheus (or the gateway in front of it) answered 401 or 403. Terminal. */
  public static final String METRICS_ACCESS_DENIED = "Slipway.Canary.MetricsAccessDenied";

  /** The experiment window has not ended yet when the analysis runs. Terminal. */
  public static final String WINDOW_NOT_OVER = "Slipway.Canary.WindowNotOver";

  /**
   * Neither the cluster's nor the top-level {@code prometheus} block of {@code config/slipway.yaml}
   * nor the stack's default ({@code SLIPWAY_PROMETHEUS_URL}) says where the metrics are. Terminal.
   */
  public static final String NO_PROMETHEUS = "Slipway.Canary.NoPrometheus";

  /**
   * A Prometheus credentials secret ({@code authSecret}, {@code SLIPWAY_PROMETHEUS_AUTH_SECRET_ID})
   * cannot be read, or does not hold credentials. Terminal.
   */
  public static final String CREDENTIALS_UNAVAILABLE = "Slipway.Canary.CredentialsUnavailable";

  /** The canary state's input is missing something or malformed. Terminal. */
  public static final String INVALID_INPUT = "Slipway.Canary.InvalidInput";

  private CanaryErrors() {}

  public static TerminalStepException invalidInput(String what) {
    return new TerminalStepException(
        INVALID_INPUT,
        what + " Check the canary state's input (events/canary/README.md shows its shape).");
  }

  /** A Prometheus credentials secret that cannot be used; {@code what} says what to do. */
  public static TerminalStepException credentialsUnavailable(String what) {
    return new TerminalStepException(CREDENTIALS_UNAVAILABLE, what);
  }

  public static TerminalStepException invalidConfig(String what) {
    return new TerminalStepException(
        INVALID_CONFIG, what + " Fix the canary config (see docs/canary-config.md) and run again.");
  }

  public static TerminalStepException invalidConfig(String what, Throwable cause) {
    return new TerminalStepException(
        INVALID_CONFIG,
        what + " Fix the canary config (see docs/canary-config.md) and run again.",
        cause);
  }
}
