package dev.slipway.judge;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One metric's result, as Kayenta writes it. {@code classificationReason} and {@code
 * resultMetadata} are omitted when null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanaryAnalysisResult(
    String name,
    Map<String, String> tags,
    String id,
    MetricClassification classification,
    String classificationReason,
    List<String> groups,
    Metadata experimentMetadata,
    Metadata controlMetadata,
    ResultMetadata resultMetadata,
    boolean critical,
    boolean muted) {

  /** {@code experimentMetadata} / {@code controlMetadata}: {@code {"stats": {...}}}. */
  public record Metadata(Stats stats) {}

  /**
   * Summary statistics of a side after NaN and outlier handling: count, mean, min, sample standard
   * deviation (n−1; 0.0 for one point) and max. All zero for an empty side.
   */
  public record Stats(int count, double mean, double min, double std, double max) {}

  /**
   * {@code resultMetadata}. Kayenta writes only {@code ratio} (mean(experiment)/mean(control),
   * "NaN" when a mean is 0). Slipway adds the Mann-Whitney interval, estimate and effect size
   * whenever the test ran, so each verdict explains itself.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ResultMetadata(
      Double ratio,
      Double lowerConfidence,
      Double upperConfidence,
      Double estimate,
      Double effectSize) {
    /** Only the ratio: the Mann-Whitney test did not run. */
    public static ResultMetadata ratioOnly(double ratio) {
      return new ResultMetadata(ratio, null, null, null, null);
    }
  }
}
