package dev.slipway.analysis;

/**
 * The minimum-data gate: a side with fewer finite points than {@link #required(int)} does not get
 * judged on what little it has; the metric is "Nodata" and the run can end as {@code NoData}
 * ("insufficient data"), distinct from Fail. Kayenta has no such gate (its docs only recommend at
 * least 50 points per window).
 *
 * @param minPoints an absolute floor of finite points per side (default 10)
 * @param minFraction the share of the window's points that must be finite (default 0.5)
 */
public record DataGate(int minPoints, double minFraction) {
  public static final DataGate DEFAULT = new DataGate(10, 0.5);

  public DataGate {
    if (minPoints < 0 || minFraction < 0 || minFraction > 1) {
      throw new IllegalArgumentException(
          "minPoints must be >= 0 and minFraction within [0, 1]: "
              + minPoints
              + ", "
              + minFraction);
    }
  }

  /** Finite points a side of {@code expected} points needs. */
  public int required(int expected) {
    int byFraction = (int) Math.ceil(minFraction * expected);
    return Math.max(minPoints, byFraction);
  }

  public boolean sufficient(SideData side) {
    return side.finite() >= required(side.expected()) && side.finite() > 0;
  }
}
