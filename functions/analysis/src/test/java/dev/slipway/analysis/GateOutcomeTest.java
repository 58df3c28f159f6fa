package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gate wave's verdict from its clusters': any Fail → Fail; else any NoData → NoData; else any
 * Marginal → Marginal; else Pass.
 */
class GateOutcomeTest {

  static List<CanaryVerdict> verdicts(String spaced) {
    return Arrays.stream(spaced.split(" "))
        .map(
            s ->
                Arrays.stream(CanaryVerdict.values())
                    .filter(v -> v.jsonName().equals(s))
                    .findFirst()
                    .orElseThrow())
        .toList();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    // one cluster: its own verdict
    "Pass, Pass",
    "Marginal, Marginal",
    "NoData, NoData",
    "Fail, Fail",
    // two clusters: every combination
    "Pass Pass, Pass",
    "Pass Marginal, Marginal",
    "Pass NoData, NoData",
    "Pass Fail, Fail",
    "Marginal Pass, Marginal",
    "Marginal Marginal, Marginal",
    "Marginal NoData, NoData",
    "Marginal Fail, Fail",
    "NoData Pass, NoData",
    "NoData Marginal, NoData",
    "NoData NoData, NoData",
    "NoData Fail, Fail",
    "Fail Pass, Fail",
    "Fail Marginal, Fail",
    "Fail NoData, Fail",
    "Fail Fail, Fail",
    // more clusters: the worst decides, wherever it is
    "Pass Pass Pass Pass, Pass",
    "Pass Pass Pass Marginal, Marginal",
    "Pass Marginal NoData Pass, NoData",
    "Pass Marginal NoData Fail, Fail"
  })
  void aggregate_shouldFollowTheRule(String clusters, String wave) {
    assertThat(GateOutcome.aggregate(verdicts(clusters)).jsonName()).isEqualTo(wave);
  }

  @Test
  void aggregate_shouldRefuseAGateWithoutClusters() {
    assertThatThrownBy(() -> GateOutcome.aggregate(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
