package dev.slipway.analysis;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.slipway.judge.CanaryAnalysisResult;
import dev.slipway.judge.CanaryJudgeResult;
import dev.slipway.judge.MetricClassification;
import dev.slipway.judge.Verdict;

/**
 * The run's verdict, routed by the state machine's Choice: the judge's Pass, Marginal or Fail, or
 * {@code NoData} when the run failed for want of data rather than on evidence.
 */
public enum CanaryVerdict {
  PASS("Pass"),
  MARGINAL("Marginal"),
  FAIL("Fail"),
  NO_DATA("NoData");

  /** The judge's reason when half or more of the metrics had no data (Kayenta's wording). */
  static final String NODATA_REASON = "50% or more metrics returned NODATA";

  private final String json;

  CanaryVerdict(String json) {
    this.json = json;
  }

  @JsonValue
  public String jsonName() {
    return json;
  }

  /**
   * The decision table:
   *
   * <ol>
   *   <li>any non-muted metric High or Low: the judge's verdict (evidence of a regression beats
   *       missing data);
   *   <li>otherwise, if the judge's score was forced to 0 by missing data (50% or more metrics
   *       Nodata, or a critical metric Nodata): {@code NoData};
   *   <li>otherwise the judge's verdict.
   * </ol>
   */
  public static CanaryVerdict decide(CanaryJudgeResult result) {
    Verdict judged = result.score().classification();
    CanaryVerdict fromJudge =
        switch (judged) {
          case PASS -> PASS;
          case MARGINAL -> MARGINAL;
          case FAIL -> FAIL;
        };
    boolean regression =
        result.results().stream()
            .filter(r -> !r.muted())
            .anyMatch(
                r ->
                    r.classification() == MetricClassification.HIGH
                        || r.classification() == MetricClassification.LOW);
    if (regression || judged == Verdict.PASS) {
      return fromJudge;
    }
    String reason = result.score().classificationReason();
    boolean halfNoData = reason != null && reason.contains(NODATA_REASON);
    boolean criticalNoData =
        result.results().stream()
            .filter(r -> !r.muted())
            .anyMatch(r -> r.critical() && r.classification() == MetricClassification.NODATA);
    return halfNoData || criticalNoData ? NO_DATA : fromJudge;
  }

  /** Whether the judge had no data for {@code r} (Nodata, or NodataFailMetric). */
  public static boolean isNodata(CanaryAnalysisResult r) {
    return r.classification() == MetricClassification.NODATA
        || r.classification() == MetricClassification.NODATA_FAIL_METRIC;
  }
}
