package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pairing (Kayenta's mixer), alignment on the window's grid, and the awkward-data counts. */
class MetricSetAssemblerTest {
  static final Instant C0 = Instant.parse("2026-11-26T20:30:00Z");
  static final Instant E0 = Instant.parse("2026-11-26T21:07:00Z");
  static final AnalysisWindow CW =
      new AnalysisWindow(C0, Duration.ofMinutes(5), Duration.ofMinutes(1));
  static final AnalysisWindow EW =
      new AnalysisWindow(E0, Duration.ofMinutes(5), Duration.ofMinutes(1));

  static Series series(Map<String, String> labels, Instant start, double... values) {
    long[] ts = new long[values.length];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = start.plusSeconds(60L * i).toEpochMilli();
    }
    return new Series(labels, ts, values);
  }

  static List<MetricPair> pair(List<Series> c, List<Series> e) {
    return MetricSetAssembler.pair("m", c, CW, "q", e, EW, "q");
  }

  @Test
  void align_shouldKeepGapsAsNaN_andCountNaNInfAndMissing() {
    Series s =
        new Series(
            Map.of(),
            new long[] {
              C0.toEpochMilli(),
              C0.plusSeconds(120).toEpochMilli(),
              C0.plusSeconds(180).toEpochMilli(),
              C0.plusSeconds(240).toEpochMilli(),
              C0.plusSeconds(600).toEpochMilli()
            },
            new double[] {1, Double.NaN, Double.POSITIVE_INFINITY, 4, 9});
    SideData d = SideData.align(s, CW);
    assertThat(d.values()).containsExactly(1, Double.NaN, Double.NaN, Double.NaN, 4);
    assertThat(d.finite()).isEqualTo(2);
    assertThat(d.nan()).isEqualTo(1);
    assertThat(d.infinite()).isEqualTo(1);
    assertThat(d.missing()).isEqualTo(1);
  }

  @Test
  void pair_shouldPairOneSeriesPerSide_whenTheQueryAggregatesAllLabels() {
    List<MetricPair> p =
        pair(List.of(series(Map.of(), C0, 1, 2, 3, 4, 5)), List.of(series(Map.of(), E0, 2, 3)));
    assertThat(p).hasSize(1);
    assertThat(p.get(0).tags()).isEmpty();
    assertThat(p.get(0).experiment().values())
        .containsExactly(2, 3, Double.NaN, Double.NaN, Double.NaN);
  }

  @Test
  void pair_shouldMakeOnePairPerLabelSet_andFillAMissingSideWithNaN() {
    Map<String, String> ok = Map.of("status", "200");
    Map<String, String> err = Map.of("status", "500");
    List<MetricPair> p =
        pair(
            List.of(series(ok, C0, 1, 1, 1, 1, 1)),
            List.of(series(ok, E0, 1, 1, 1, 1, 1), series(err, E0, 3, 3, 3, 3, 3)));
    assertThat(p).extracting(MetricPair::tags).containsExactly(ok, err);
    assertThat(p.get(1).control().finite()).isZero();
    assertThat(p.get(1).control().values()).hasSize(5).containsOnly(Double.NaN);
    assertThat(p.get(1).id()).isNotEqualTo(p.get(0).id());
  }

  @Test
  void pair_shouldUseTheEmptySideAsATemplateForEachLabelSet_whenOneWindowHasNoSeries() {
    Map<String, String> a = Map.of("pod", "a");
    Map<String, String> b = Map.of("pod", "b");
    List<MetricPair> p =
        pair(List.of(), List.of(series(a, E0, 1, 1, 1, 1, 1), series(b, E0, 2, 2, 2, 2, 2)));
    assertThat(p).extracting(MetricPair::tags).containsExactly(a, b);
    assertThat(p).allSatisfy(x -> assertThat(x.control().missing()).isEqualTo(5));
  }

  @Test
  void pair_shouldBeOnePairOfNaN_whenBothWindowsAreEmpty() {
    List<MetricPair> p = pair(List.of(), List.of());
    assertThat(p).hasSize(1);
    assertThat(p.get(0).control().values()).hasSize(5).containsOnly(Double.NaN);
    assertThat(p.get(0).experiment().values()).hasSize(5).containsOnly(Double.NaN);
  }

  @Test
  void pair_shouldBeInvalidConfig_whenTheLabelNamesDiffer() {
    assertThatThrownBy(
            () ->
                pair(
                    List.of(series(Map.of("version", "1"), C0, 1)),
                    List.of(series(Map.of("pod", "x"), E0, 1))))
        .hasMessageStartingWith("Slipway.Canary.InvalidConfig: metric 'm'")
        .hasMessageContaining("[version]")
        .hasMessageContaining("[pod]");
  }

  @Test
  void judgePair_shouldCarryKayentaScopesAndTheQueries() {
    MetricPair p =
        pair(List.of(series(Map.of(), C0, 1, 2)), List.of(series(Map.of(), E0, 3))).get(0);
    var judged =
        CanaryAnalysis.toJudgePair(
            p, p.control().values(), p.experiment().values(), new CanaryWindows(CW, EW));
    assertThat(judged.scopes().get("control").toString())
        .isEqualTo(
            "{\"startTimeIso\":\"2026-11-26T20:30:00Z\",\"startTimeMillis\":"
                + C0.toEpochMilli()
                + ",\"stepMillis\":60000}");
    assertThat(judged.scopes().get("experiment").path("startTimeIso").asText())
        .isEqualTo("2026-11-26T21:07:00Z");
    assertThat(judged.attributes()).containsEntry("controlQuery", "q");
    assertThat(judged.values().control()).hasSize(5);
  }

  @Test
  void id_shouldBeStableForTheSameNameAndTags() {
    assertThat(MetricSetAssembler.idOf("m", Map.of("a", "1", "b", "2")))
        .isEqualTo(MetricSetAssembler.idOf("m", Map.of("b", "2", "a", "1")));
  }
}
