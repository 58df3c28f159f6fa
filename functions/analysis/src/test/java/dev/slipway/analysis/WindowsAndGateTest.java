package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.Durations;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowsAndGateTest {
  static final Instant RELEASE = Instant.parse("2026-11-26T21:00:00Z");
  static final Instant ROLLED_OUT = Instant.parse("2026-11-26T21:04:00Z");

  @Test
  void defaults_shouldPlaceThirtyMinuteWindowsAroundTheRelease() {
    CanaryWindows w = WindowSettings.DEFAULT.around(RELEASE, ROLLED_OUT);
    assertThat(w.control().start()).isEqualTo("2026-11-26T20:30:00Z");
    assertThat(w.control().end()).isEqualTo(RELEASE);
    assertThat(w.control().lastPoint()).isEqualTo("2026-11-26T20:59:00Z");
    assertThat(w.control().points()).isEqualTo(30);
    assertThat(w.experiment().start()).isEqualTo("2026-11-26T21:09:00Z");
    assertThat(w.experiment().end()).isEqualTo("2026-11-26T21:39:00Z");
  }

  @Test
  void settings_shouldApplyOffsetBakeWindowAndStep() {
    WindowSettings s =
        new WindowSettings(
            Duration.ofMinutes(20),
            Duration.ofSeconds(30),
            Duration.ofMinutes(10),
            Duration.ofMinutes(15));
    CanaryWindows w = s.around(RELEASE, ROLLED_OUT);
    assertThat(w.control().start()).isEqualTo("2026-11-26T20:30:00Z");
    assertThat(w.control().end()).isEqualTo("2026-11-26T20:50:00Z");
    assertThat(w.experiment().start()).isEqualTo("2026-11-26T21:19:00Z");
    assertThat(w.experiment().points()).isEqualTo(40);
  }

  @Test
  void extended_shouldDoubleTheWindowsAwayFromTheRelease() {
    CanaryWindows w = WindowSettings.DEFAULT.extended().around(RELEASE, ROLLED_OUT);
    assertThat(w.control().start()).isEqualTo("2026-11-26T20:00:00Z");
    assertThat(w.control().end()).isEqualTo(RELEASE);
    assertThat(w.experiment().start()).isEqualTo("2026-11-26T21:09:00Z");
    assertThat(w.experiment().points()).isEqualTo(60);
  }

  @Test
  void remaining_shouldSayHowLongUntilTheExperimentWindowEnds() {
    CanaryWindows w = WindowSettings.DEFAULT.around(RELEASE, ROLLED_OUT);
    assertThat(w.remainingAt(Instant.parse("2026-11-26T21:30:00Z"))).hasMinutes(9);
    assertThat(w.remainingAt(Instant.parse("2026-11-26T22:00:00Z"))).isZero();
  }

  @Test
  void window_shouldRejectStepsThatDoNotFit() {
    assertThatThrownBy(
            () -> new AnalysisWindow(RELEASE, Duration.ofSeconds(30), Duration.ofMinutes(1)))
        .hasMessageContaining("at least one step");
    assertThatThrownBy(
            () -> new AnalysisWindow(RELEASE, Duration.ofDays(30), Duration.ofSeconds(1)))
        .hasMessageContaining("11,000 points");
  }

  @Test
  void indexOf_shouldPlaceSamplesOnTheGridAndDropTheRest() {
    AnalysisWindow w = new AnalysisWindow(RELEASE, Duration.ofMinutes(5), Duration.ofMinutes(1));
    assertThat(w.indexOf(RELEASE.toEpochMilli())).isZero();
    assertThat(w.indexOf(RELEASE.plusSeconds(240).toEpochMilli())).isEqualTo(4);
    assertThat(w.indexOf(RELEASE.plusSeconds(300).toEpochMilli())).isEqualTo(-1);
    assertThat(w.indexOf(RELEASE.plusSeconds(90).toEpochMilli())).isEqualTo(-1);
    assertThat(w.indexOf(RELEASE.minusSeconds(60).toEpochMilli())).isEqualTo(-1);
  }

  @ParameterizedTest(name = "{0} points, minPoints {1}, minFraction {2} → {3}")
  @CsvSource({
    "30, 10, 0.5, 15",
    "30, 20, 0.5, 20",
    "60, 10, 0.5, 30",
    "5, 0, 0.0, 0",
    "30, 0, 1.0, 30"
  })
  void gate_shouldNeedTheLargerOfFloorAndShare(int points, int min, double fraction, int required) {
    assertThat(new DataGate(min, fraction).required(points)).isEqualTo(required);
  }

  @Test
  void gate_shouldCountOnlyFinitePoints() {
    DataGate gate = new DataGate(3, 0.5);
    assertThat(gate.sufficient(new SideData(new double[6], 3, 0, 0, 3))).isTrue();
    assertThat(gate.sufficient(new SideData(new double[6], 2, 2, 2, 0))).isFalse();
    assertThat(new DataGate(0, 0).sufficient(SideData.empty(6))).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "30m, PT30M",
    "60s, PT1M",
    "1h30m, PT1H30M",
    "PT5M, PT5M",
    "250ms, PT0.25S",
    "2d, PT48H"
  })
  void durations_shouldReadWhatPeopleWrite(String in, Duration expected) {
    assertThat(Durations.parse(in)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"30", "m30", "30x", "1h 30m", "''"})
  void durations_shouldRejectTheRest(String in) {
    assertThatThrownBy(() -> Durations.parse(in)).isInstanceOf(IllegalArgumentException.class);
  }
}
