package dev.slipway.analysis;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/**
 * RunCanaryAnalysis, the {@code canary} state: for every cluster of the gate wave, fetches the
 * control and experiment windows from the cluster's Prometheus and judges them; stores the judge
 * results and the HTML report, and returns the wave's {@code {verdict, score, clusters, reportKey,
 * resultKey, summary, ...}}. Verdicts (including Fail and NoData) are data for the state machine's
 * Choice; exceptions mean the analysis could not be done ({@code
 * Slipway.Canary.MetricsUnavailable}, {@code BadQuery}, {@code InvalidConfig}, ...).
 */
public final class CanaryHandler extends JsonStreamHandler<CanaryStateInput, CanaryStateOutput> {
  /** The state and function name. */
  public static final String TASK_NAME = "canary";

  private final CanaryService service;

  /** The Lambda entry point: the container's {@link AnalysisWiring#instance()}. */
  public CanaryHandler() {
    this(AnalysisWiring.instance());
  }

  /** A handler over {@code wiring}'s canary service. */
  public CanaryHandler(AnalysisWiring wiring) {
    this(wiring.canaryService());
  }

  CanaryHandler(CanaryService service) {
    super(CanaryStateInput.class);
    this.service = service;
  }

  @Override
  protected CanaryStateOutput handle(CanaryStateInput input, Context context) {
    return service.run(input);
  }
}
