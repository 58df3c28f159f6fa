package dev.slipway.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates OpenMetrics text for {@code promtool tsdb create-blocks-from openmetrics}: per app, a
 * histogram {@code latency_seconds} (lognormal request latencies) and a counter {@code requests}
 * ({@code requests_total{status="200"|"500"}}), scraped every 15 s, with the app's behaviour
 * changing at the release (the series' {@code version} label changes there too, as it does when new
 * pods replace old ones).
 */
final class OpenMetricsData {
  static final double[] BUCKETS = {
    0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2.5, 5
  };
  static final Duration SCRAPE = Duration.ofSeconds(15);

  /** How an app behaves in one phase. */
  record Behaviour(double requestsPerSecond, double medianLatencySeconds, double errorRate) {}

  /** An app: behaviour before and after {@code switchAt}. */
  record App(String name, String cluster, Behaviour before, Behaviour after) {}

  private OpenMetricsData() {}

  static String generate(List<App> apps, Instant from, Instant to, Instant switchAt, long seed) {
    StringBuilder latency = new StringBuilder();
    StringBuilder requests = new StringBuilder();
    latency.append("# HELP latency_seconds Request latency.\n# TYPE latency_seconds histogram\n");
    requests.append("# HELP requests Requests served.\n# TYPE requests counter\n");
    SplittableRandom random = new SplittableRandom(seed);
    for (App app : apps) {
      long[] buckets = new long[BUCKETS.length + 1];
      double sum = 0;
      long count = 0;
      long ok = 0;
      long errors = 0;
      String lastVersion = null;
      for (Instant t = from; t.isBefore(to); t = t.plus(SCRAPE)) {
        boolean after = !t.isBefore(switchAt);
        String version = after ? "1.1.0" : "1.0.0";
        if (!version.equals(lastVersion)) {
          buckets = new long[BUCKETS.length + 1];
          sum = 0;
          count = 0;
          ok = 0;
          errors = 0;
          lastVersion = version;
        }
        Behaviour b = after ? app.after() : app.before();
        int n = poisson(random, b.requestsPerSecond() * SCRAPE.toSeconds());
        double mu = Math.log(b.medianLatencySeconds());
        for (int i = 0; i < n; i++) {
          double x = Math.exp(mu + 0.5 * gaussian(random));
          sum += x;
          count++;
          for (int k = 0; k < BUCKETS.length; k++) {
            if (x <= BUCKETS[k]) {
              buckets[k]++;
            }
          }
          buckets[BUCKETS.length]++;
          if (random.nextDouble() < b.errorRate()) {
            errors++;
          } else {
            ok++;
          }
        }
        long ts = t.getEpochSecond();
        String labels =
            "app=\""
                + app.name()
                + "\",cluster=\""
                + app.cluster()
                + "\",version=\""
                + version
                + "\"";
        String hist = labels + ",type=\"search\",status=\"OK\"";
        for (int k = 0; k <= BUCKETS.length; k++) {
          String le = k == BUCKETS.length ? "+Inf" : fmt(BUCKETS[k]);
          sample(latency, "latency_seconds_bucket", hist + ",le=\"" + le + "\"", buckets[k], ts);
        }
        sample(latency, "latency_seconds_sum", hist, fmt(sum), ts);
        sample(latency, "latency_seconds_count", hist, count, ts);
        sample(requests, "requests_total", labels + ",status=\"200\"", ok, ts);
        sample(requests, "requests_total", labels + ",status=\"500\"", errors, ts);
      }
    }
    return latency.append(requests).append("# EOF\n").toString();
  }

  private static void sample(StringBuilder b, String name, String labels, Object value, long ts) {
    b.append(name)
        .append('{')
        .append(labels)
        .append("} ")
        .append(value)
        .append(' ')
        .append(ts)
        .append('\n');
  }

  static List<App> scenarios(String cluster) {
    Behaviour normal = new Behaviour(20, 0.2, 0.005);
    List<App> apps = new ArrayList<>();
    apps.add(new App("healthy", cluster, normal, normal));
    apps.add(new App("slow", cluster, normal, new Behaviour(20, 0.4, 0.005)));
    apps.add(new App("erroring", cluster, normal, new Behaviour(20, 0.2, 0.08)));
    apps.add(new App("quiet", cluster, normal, new Behaviour(0, 0.2, 0.005)));
    return apps;
  }

  private static int poisson(SplittableRandom r, double lambda) {
    if (lambda <= 0) {
      return 0;
    }
    double x = lambda + Math.sqrt(lambda) * gaussian(r);
    return (int) Math.max(0, Math.round(x));
  }

  private static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1 + 1e-300)) * Math.cos(2 * Math.PI * u2);
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%s", d);
  }
}
