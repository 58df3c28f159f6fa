package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.judge.CanaryAnalysisResult;
import dev.slipway.judge.MetricClassification;
import dev.slipway.judge.NetflixAcaJudge;
import dev.slipway.judge.ScoreThresholds;
import dev.slipway.model.TerminalStepException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The analysis flow on an in-memory metrics provider: gate, NaN strategies, parallel fetches. */
class CanaryAnalysisTest {
  static final Instant RELEASE = Instant.parse("2026-11-26T21:00:00Z");
  static final CanaryWindows WINDOWS =
      WindowSettings.DEFAULT.around(RELEASE, RELEASE.plus(Duration.ofMinutes(2)));

  /** Answers each query from a function of (query, window start). */
  static final class InMemoryMetrics implements MetricsProvider {
    final BiFunction<String, Instant, List<Series>> answer;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final List<String> asked = Collections.synchronizedList(new ArrayList<>());

    InMemoryMetrics(BiFunction<String, Instant, List<Series>> answer) {
      this.answer = answer;
    }

    @Override
    public List<Series> rangeQuery(String promql, Instant start, Instant end, Duration step) {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        asked.add(promql);
        Thread.sleep(20);
        return answer.apply(promql, start);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        inFlight.decrementAndGet();
      }
    }

    @Override
    public String endpoint() {
      return "memory://";
    }
  }

  /** {@code n} points every minute from {@code start}, value {@code base + i % 3 * 0.01}. */
  static Series points(Instant start, int n, double base) {
    long[] ts = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      ts[i] = start.plusSeconds(60L * i).toEpochMilli();
      v[i] = base + (i % 3) * 0.01;
    }
    return new Series(Map.of(), ts, v);
  }

  static CanarySpec spec(String... metrics) {
    StringBuilder b = new StringBuilder("{\"metrics\": [");
    for (int i = 0; i < metrics.length; i++) {
      b.append(i == 0 ? "" : ",").append(metrics[i]);
    }
    return CanarySpec.parse(b.append("], \"classifier\": {\"groupWeights\": {}}}").toString());
  }

  static String metric(String name, String nanStrategy) {
    return "{\"name\": \""
        + name
        + "\", \"groups\": [\"g\"], \"query\": {\"customInlineTemplate\": \"PromQL:"
        + name
        + "\"}, \"analysisConfigurations\": {\"canary\": {\"nanStrategy\": \""
        + nanStrategy
        + "\"}}}";
  }

  static AnalysisOutcome run(CanarySpec spec, MetricsProvider metrics, int parallelism) {
    return new CanaryAnalysis(metrics, new NetflixAcaJudge(new SplittableRandom(5)), parallelism)
        .analyze(
            new AnalysisRequest(
                spec, WINDOWS, Map.of(), Map.of(), ScoreThresholds.DEFAULT, DataGate.DEFAULT));
  }

  static MetricClassification classification(AnalysisOutcome o, String name) {
    return o.result().results().stream()
        .filter(r -> r.name().equals(name))
        .map(CanaryAnalysisResult::classification)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void gate_shouldMakeAThinMetricNodata_butNotAReplaceMetric() {
    // 8 experiment points of 30: below the gate (15) for both metrics
    InMemoryMetrics m =
        new InMemoryMetrics(
            (q, start) ->
                List.of(
                    start.equals(WINDOWS.control().start())
                        ? points(start, 30, 1.0)
                        : points(start, 8, 1.0)));
    AnalysisOutcome o = run(spec(metric("thin", "remove"), metric("zeros", "replace")), m, 4);

    assertThat(classification(o, "thin")).isEqualTo(MetricClassification.NODATA);
    assertThat(o.gated()).hasSize(1);
    assertThat(o.warnings()).singleElement().asString().startsWith("insufficient data for thin");
    // replace: missing points are zeros by the user's choice; judged, not gated
    assertThat(classification(o, "zeros")).isNotEqualTo(MetricClassification.NODATA);
  }

  @Test
  void infinities_shouldBeDroppedAndReported() {
    InMemoryMetrics m =
        new InMemoryMetrics(
            (q, start) -> {
              Series s = points(start, 30, 1.0);
              s.values()[3] = Double.POSITIVE_INFINITY;
              return List.of(s);
            });
    AnalysisOutcome o = run(spec(metric("m", "remove")), m, 1);
    assertThat(o.pairs().get(0).control().infinite()).isEqualTo(1);
    assertThat(o.pairs().get(0).control().values()[3]).isNaN();
    assertThat(o.warnings())
        .containsExactly("m: 2 infinite point(s) dropped (±Inf from Prometheus)");
    assertThat(o.verdict()).isEqualTo(CanaryVerdict.PASS);
  }

  @Test
  void fetch_shouldRunQueriesInParallel_upToTheLimit_andKeepTheirOrder() {
    InMemoryMetrics m = new InMemoryMetrics((q, start) -> List.of(points(start, 30, 1.0)));
    AnalysisOutcome o =
        run(spec(metric("a", "remove"), metric("b", "remove"), metric("c", "remove")), m, 3);
    assertThat(m.asked).hasSize(6);
    assertThat(m.maxInFlight.get()).isBetween(2, 3);
    assertThat(o.pairs()).extracting(MetricPair::name).containsExactly("a", "b", "c");
  }

  @Test
  void fetch_shouldThrowTheFirstFailureInConfigOrder_whateverFinishesFirst() {
    InMemoryMetrics m =
        new InMemoryMetrics(
            (q, start) -> {
              if (q.equals("a")) {
                sleep(150);
                throw new TerminalStepException(CanaryErrors.BAD_QUERY, "a is bad");
              }
              throw new TerminalStepException(CanaryErrors.METRICS_UNAVAILABLE, "b failed first");
            });
    assertThatThrownBy(() -> run(spec(metric("a", "remove"), metric("b", "remove")), m, 4))
        .hasMessage(CanaryErrors.BAD_QUERY + ": a is bad");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
