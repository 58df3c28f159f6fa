package dev.slipway.analysis;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One time series of a range query: its labels (without {@code __name__}) and its samples as
 * parallel arrays. Values are kept exactly as Prometheus sent them, NaN and ±Inf included; what to
 * do with them is decided later ({@link MetricSetAssembler}).
 */
public record Series(Map<String, String> labels, long[] timestampsMillis, double[] values) {

  public Series {
    labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
    Objects.requireNonNull(timestampsMillis, "timestampsMillis");
    Objects.requireNonNull(values, "values");
    if (timestampsMillis.length != values.length) {
      throw new IllegalArgumentException(
          "timestamps and values differ in length: "
              + timestampsMillis.length
              + " != "
              + values.length);
    }
  }

  public int size() {
    return values.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Series s
        && labels.equals(s.labels)
        && Arrays.equals(timestampsMillis, s.timestampsMillis)
        && Arrays.equals(values, s.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(labels, Arrays.hashCode(timestampsMillis), Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "Series" + labels + "[" + values.length + " samples]";
  }
}
