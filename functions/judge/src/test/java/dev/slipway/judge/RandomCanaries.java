package dev.slipway.judge;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random canary configs and metric data for the oracle-equivalence test and the bench: normal and
 * lognormal series, rounded values (ties), zero-heavy counters, constants, tiny scales, negative
 * values, NaN padding, a stray -0.0 or ±∞, very short series, and every canary setting.
 */
final class RandomCanaries {
  private RandomCanaries() {}

  /** A random canary: its config as JSON text, that text parsed, and the data. */
  record Canary(String json, CanaryConfig config, List<MetricSetPair> pairs) {}

  /** {@code metrics} metrics with random shapes and settings; points per side around {@code n}. */
  static Canary generate(SplittableRandom r, int metrics, int n, boolean exactLength) {
    ObjectNode root = Json.mapper().createObjectNode();
    ArrayNode ms = root.putArray("metrics");
    List<MetricSetPair> pairs = new ArrayList<>();
    String[] groups = {"latency", "errors", "system", "saturation"};
    for (int i = 0; i < metrics; i++) {
      String name = "metric-" + i;
      ObjectNode m = ms.addObject();
      m.put("name", name);
      ArrayNode g = m.putArray("groups");
      g.add(groups[r.nextInt(groups.length)]);
      if (r.nextInt(5) == 0) {
        g.add(groups[r.nextInt(groups.length)]);
      }
      ObjectNode c = m.putObject("analysisConfigurations").putObject("canary");
      c.put("direction", pick(r, "increase", "decrease", "either"));
      c.put("nanStrategy", pick(r, "remove", "replace"));
      c.put("critical", r.nextInt(4) == 0);
      c.put("mustHaveData", r.nextInt(4) == 0);
      c.put("muted", r.nextInt(10) == 0);
      ObjectNode e = c.putObject("effectSize");
      boolean cles = r.nextBoolean();
      e.put("measure", cles ? "cles" : "meanRatio");
      if (r.nextBoolean()) {
        e.put("allowedIncrease", cles ? 0.5 + r.nextDouble() / 2 : 1 + r.nextDouble() / 5);
        e.put("allowedDecrease", cles ? r.nextDouble() / 2 : 1 - r.nextDouble() / 5);
        e.put("criticalIncrease", cles ? 0.5 + r.nextDouble() / 2 : 1 + r.nextDouble());
        e.put("criticalDecrease", cles ? r.nextDouble() / 2 : 1 - r.nextDouble() / 2);
      }
      if (r.nextInt(3) == 0) {
        c.putObject("outliers").put("strategy", "remove").put("outlierFactor", 1 + r.nextInt(3));
      }
      int shape = r.nextInt(10);
      double shift = r.nextInt(3) == 0 ? 1.0 : 1 + (r.nextDouble() - 0.5) / 2;
      int nc = exactLength ? n : lengthFor(r, n);
      int ne = exactLength ? n : lengthFor(r, n);
      double[] control = series(r, shape, nc, 1.0);
      double[] experiment = series(r, shape, ne, shift);
      pairs.add(
          new MetricSetPair(
              name,
              "id-" + i,
              Map.of("metric", name),
              new MetricSetPair.Values(control, experiment),
              Map.of(),
              Map.of()));
    }
    ObjectNode weights = root.putObject("classifier").putObject("groupWeights");
    weights.put("latency", 40);
    if (r.nextBoolean()) {
      weights.put("errors", 40);
    }
    return new Canary(root.toString(), CanaryConfig.parse(root.toString()), pairs);
  }

  private static int lengthFor(SplittableRandom r, int n) {
    return switch (r.nextInt(8)) {
      case 0 -> r.nextInt(6);
      case 1 -> 1;
      default -> n / 2 + r.nextInt(n);
    };
  }

  private static double[] series(SplittableRandom r, int shape, int len, double shift) {
    double[] v = new double[len];
    double constant = r.nextInt(3) * 2.5;
    for (int i = 0; i < len; i++) {
      double x =
          switch (shape) {
            case 0 -> 100 + 10 * r.nextGaussian() * shift + 5 * (shift - 1) * 100;
            case 1 -> Math.exp(Math.log(0.2 * shift) + 0.3 * r.nextGaussian());
            case 2 -> Math.round(40 * shift + 6 * r.nextGaussian() * 10) / 10.0;
            case 3 -> r.nextInt(10) < 8 ? 0.0 : r.nextInt(6) * shift;
            case 4 -> constant * shift;
            case 5 -> r.nextInt(10) < 7 ? 0.0 : 3e-5 * r.nextDouble() * shift;
            case 6 -> -3 + 4 * r.nextGaussian() + shift;
            case 7 -> r.nextInt(5) + (shift > 1.1 ? 1 : 0);
            case 8 ->
                r.nextInt(1000) == 0
                    ? (r.nextBoolean() ? -0.0 : Double.POSITIVE_INFINITY)
                    : r.nextDouble() * shift;
            default -> 1e6 * shift + 5e4 * r.nextGaussian();
          };
      v[i] = r.nextInt(25) == 0 ? Double.NaN : x;
    }
    return v;
  }

  private static String pick(SplittableRandom r, String... options) {
    return options[r.nextInt(options.length)];
  }
}
