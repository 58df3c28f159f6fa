package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.judge.NetflixAcaJudge;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.InMemoryArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code windows: seed}, the notes' "30 mins window 1h before and 1h after release, 1min as a
 * step": the control window ends 1 h before the canary gate wave started, the experiment window
 * starts 1 h after that wave's rollout was seen finished; 30 points each.
 */
class SeedWindowsTest {
  static final Path CONFIG = Path.of("../../events/canary/prometheus/canary-config.json");
  static final Path DOCS = Path.of("../../docs/canary.md");
  static final Instant WAVE_STARTED = Instant.parse("2026-11-26T21:00:00Z");
  static final Instant ROLLED_OUT = Instant.parse("2026-11-26T21:04:00Z");

  /** One query_range call as the analysis made it. */
  record Call(Instant start, Instant end, Duration step) {}

  final List<Call> calls = new ArrayList<>();

  /** Answers every query with no series (the analysis then says NoData) and records its window. */
  final MetricsProvider recorder =
      new MetricsProvider() {
        @Override
        public List<Series> rangeQuery(String promql, Instant start, Instant end, Duration step) {
          calls.add(new Call(start, end, step));
          return List.of();
        }

        @Override
        public String endpoint() {
          return "recorder";
        }
      };

  CanaryStateOutput run(ObjectNode analysis, Instant now) throws Exception {
    ObjectNode in = Json.mapper().createObjectNode();
    in.put("app", "search").put("build", "142").put("wave", "core").put("cluster", "prod-1");
    in.put("releaseStartedAt", WAVE_STARTED.toString());
    in.put("rolloutFinishedAt", ROLLED_OUT.toString());
    in.set("canaryConfig", Json.mapper().readTree(Files.readAllBytes(CONFIG)));
    in.set("analysis", analysis);
    CanaryService service =
        new CanaryService(
            PrometheusRouting.fixed(recorder),
            new NetflixAcaJudge(new SplittableRandom(1)),
            new InMemoryArtifactStore(),
            Clock.fixed(now, ZoneOffset.UTC));
    // through JSON, as the state machine sends it
    return service.run(Json.mapper().treeToValue(in, CanaryStateInput.class));
  }

  static ObjectNode analysis(String windows) {
    ObjectNode a = Json.mapper().createObjectNode();
    a.put("windows", windows);
    return a;
  }

  @Test
  void seed_shouldPlaceThirtyMinuteWindowsAnHourBeforeAndAfter() {
    CanaryWindows w = WindowSettings.SEED.around(WAVE_STARTED, ROLLED_OUT);
    assertThat(w.control().start()).isEqualTo("2026-11-26T19:30:00Z");
    assertThat(w.control().lastPoint()).isEqualTo("2026-11-26T19:59:00Z");
    assertThat(w.control().end()).isEqualTo("2026-11-26T20:00:00Z");
    assertThat(w.experiment().start()).isEqualTo("2026-11-26T22:04:00Z");
    assertThat(w.experiment().lastPoint()).isEqualTo("2026-11-26T22:33:00Z");
    assertThat(w.experiment().end()).isEqualTo("2026-11-26T22:34:00Z");
    assertThat(w.control().points()).isEqualTo(30);
    assertThat(w.experiment().points()).isEqualTo(30);
    assertThat(w.control().step()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  @DisplayName("docs/canary.md's table of instants is what the code computes")
  void docs_shouldListTheInstantsTheCodeComputes() throws Exception {
    Map<String, Function<CanaryWindows, Instant>> rows =
        Map.of(
            "control window start (first point)", w -> w.control().start(),
            "control window last point", w -> w.control().lastPoint(),
            "control window end (exclusive)", w -> w.control().end(),
            "experiment window start (first point)", w -> w.experiment().start(),
            "experiment window last point", w -> w.experiment().lastPoint(),
            "experiment window end (exclusive): the canary state runs after it",
                w -> w.experiment().end());
    CanaryWindows dflt = WindowSettings.DEFAULT.around(WAVE_STARTED, ROLLED_OUT);
    CanaryWindows seed = WindowSettings.SEED.around(WAVE_STARTED, ROLLED_OUT);
    Map<String, List<String>> documented = new LinkedHashMap<>();
    for (String line : Files.readAllLines(DOCS)) {
      String[] cells = line.split("\\|");
      if (cells.length == 4 && rows.containsKey(cells[1].trim())) {
        documented.put(cells[1].trim(), List.of(cells[2].trim(), cells[3].trim()));
      }
    }
    assertThat(documented).containsOnlyKeys(rows.keySet());
    rows.forEach(
        (row, instant) ->
            assertThat(documented.get(row))
                .as(row)
                .containsExactly(hms(instant.apply(dflt)), hms(instant.apply(seed))));
  }

  static String hms(Instant i) {
    return DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC).format(i);
  }

  @Test
  void stateInput_shouldQueryTheSeedWindows_whenWindowsIsSeed() throws Exception {
    CanaryStateOutput out = run(analysis("seed"), Instant.parse("2026-11-26T22:40:00Z"));

    assertThat(out.verdict()).isEqualTo("NoData");
    Call control =
        new Call(
            Instant.parse("2026-11-26T19:30:00Z"),
            Instant.parse("2026-11-26T19:59:00Z"),
            Duration.ofSeconds(60));
    Call experiment =
        new Call(
            Instant.parse("2026-11-26T22:04:00Z"),
            Instant.parse("2026-11-26T22:33:00Z"),
            Duration.ofSeconds(60));
    assertThat(calls).isNotEmpty().allMatch(c -> c.equals(control) || c.equals(experiment));
    assertThat(calls).contains(control, experiment);
  }

  @Test
  void stateInput_shouldNotJudgeBeforeTheSeedExperimentWindowIsOver() {
    // 22:20 is past the default windows' end (21:39) but inside the seed's experiment window
    assertThatThrownBy(() -> run(analysis("seed"), Instant.parse("2026-11-26T22:20:00Z")))
        .isInstanceOfSatisfying(
            TerminalStepException.class,
            e -> assertThat(e.errorName()).isEqualTo(CanaryErrors.WINDOW_NOT_OVER))
        .hasMessageContaining("2026-11-26T22:34:00Z");
    assertThat(calls).isEmpty();
  }

  @Test
  void stateInput_shouldLetExplicitSettingsOverrideThePreset() throws Exception {
    ObjectNode a = analysis("seed");
    a.put("step", "30s");
    run(a, Instant.parse("2026-11-26T22:40:00Z"));
    assertThat(calls)
        .contains(
            new Call(
                Instant.parse("2026-11-26T19:30:00Z"),
                Instant.parse("2026-11-26T19:59:30Z"),
                Duration.ofSeconds(30)));
  }

  @Test
  void stateInput_shouldKeepTheDefaultWindows_whenWindowsIsDefaultOrAbsent() throws Exception {
    run(analysis("default"), Instant.parse("2026-11-26T21:40:00Z"));
    List<Call> explicit = List.copyOf(calls);
    calls.clear();
    run(Json.mapper().createObjectNode(), Instant.parse("2026-11-26T21:40:00Z"));
    assertThat(calls).containsExactlyInAnyOrderElementsOf(explicit);
    assertThat(explicit)
        .contains(
            new Call(
                Instant.parse("2026-11-26T20:30:00Z"),
                Instant.parse("2026-11-26T20:59:00Z"),
                Duration.ofSeconds(60)),
            new Call(
                Instant.parse("2026-11-26T21:09:00Z"),
                Instant.parse("2026-11-26T21:38:00Z"),
                Duration.ofSeconds(60)));
  }

  @Test
  void stateInput_shouldNameTheSetting_whenThePresetIsUnknown() {
    String hostile = "Seed" + "x".repeat(500);
    assertThatThrownBy(() -> run(analysis(hostile), Instant.parse("2026-11-26T22:40:00Z")))
        .isInstanceOfSatisfying(
            TerminalStepException.class,
            e -> assertThat(e.errorName()).isEqualTo(CanaryErrors.INVALID_INPUT))
        .hasMessageContaining("analysis.windows")
        .hasMessageContaining("use default or seed (case-sensitive)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("xxxxx"));
    assertThat(calls).isEmpty();
  }
}
