package dev.slipway.judge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A metric's verdict, spelled as Kayenta writes it. */
public enum MetricClassification {
  PASS("Pass"),
  HIGH("High"),
  LOW("Low"),
  /** No data on a side (not counted in its group; 50% or more of them fail the canary). */
  NODATA("Nodata"),
  /** No data on a side of a {@code mustHaveData} metric: counted as a failure in its group. */
  NODATA_FAIL_METRIC("NodataFailMetric"),
  /** The classifier could not run (for example all observations tied): invisible to scoring. */
  ERROR("Error");

  private final String json;

  MetricClassification(String json) {
    this.json = json;
  }

  @JsonValue
  public String jsonName() {
    return json;
  }

  @JsonCreator
  public static MetricClassification fromJson(String s) {
    for (MetricClassification c : values()) {
      if (c.json.equals(s)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown metric classification: " + s);
  }
}
