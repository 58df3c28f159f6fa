package dev.slipway.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slipway.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests tied out against R's {@code wilcox.test} (fixtures: src/test/resources/golden, the R
 * call recorded beside each case; regenerate with src/test/r/golden.R). As in Kayenta's
 * MannWhitneySuite, the interval must match within 1e-6 and the estimate within 1e-4 (R ≥ 4.0 drops
 * the continuity correction when solving for the estimate; Kayenta keeps it).
 */
class MannWhitneyGoldenTest {

  static List<GoldenFixtures> cases() {
    return GoldenFixtures.load();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("production engine matches R's wilcox.test")
  void interval_shouldMatchR_whenProductionEngine(GoldenFixtures c) {
    assertMatchesR(new FastMannWhitney().interval(c.x(), c.y(), c.confLevel()), c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("reference port matches R's wilcox.test")
  void interval_shouldMatchR_whenReferenceEngine(GoldenFixtures c) {
    assertMatchesR(new ReferenceMannWhitney().interval(c.x(), c.y(), c.confLevel()), c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("production and reference engines agree bit for bit on the R cases")
  void interval_shouldBeIdentical_betweenEngines(GoldenFixtures c) {
    assertThat(new FastMannWhitney().interval(c.x(), c.y(), c.confLevel()))
        .isEqualTo(new ReferenceMannWhitney().interval(c.x(), c.y(), c.confLevel()));
  }

  @Test
  @DisplayName("the fixtures are what golden.R writes (re-runs R when Rscript is installed)")
  void fixtures_shouldBeReproducedByR_whenRscriptIsInstalled(@TempDir Path dir)
      throws IOException, InterruptedException {
    assumeTrue(rscriptAvailable(), "Rscript not installed: the committed fixtures are the oracle");
    Path out = dir.resolve("wilcox.json");
    Process p =
        new ProcessBuilder("Rscript", "src/test/r/golden.R", out.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    List<GoldenFixtures> fresh =
        GoldenFixtures.parse(Json.mapper().readTree(Files.readString(out)));
    List<GoldenFixtures> committed = GoldenFixtures.load();
    assertThat(fresh).hasSameSizeAs(committed);
    for (int i = 0; i < fresh.size(); i++) {
      GoldenFixtures f = fresh.get(i);
      GoldenFixtures c = committed.get(i);
      assertThat(f.name()).isEqualTo(c.name());
      assertThat(f.call()).isEqualTo(c.call());
      assertThat(f.x()).containsExactly(c.x());
      assertThat(f.y()).containsExactly(c.y());
      assertThat(f.lower()).as(c.name()).isCloseTo(c.lower(), within(1e-12));
      assertThat(f.upper()).as(c.name()).isCloseTo(c.upper(), within(1e-12));
      assertThat(f.estimate()).as(c.name()).isCloseTo(c.estimate(), within(1e-12));
      assertThat(f.estimateCorrected())
          .as(c.name())
          .isCloseTo(c.estimateCorrected(), within(1e-12));
    }
  }

  private static void assertMatchesR(MannWhitneyInterval mw, GoldenFixtures c) {
    assertThat(mw.lowerConfidence()).as("lower, " + c.call()).isCloseTo(c.lower(), within(1e-6));
    assertThat(mw.upperConfidence()).as("upper, " + c.call()).isCloseTo(c.upper(), within(1e-6));
    assertThat(mw.estimate())
        .as("estimate, " + c.estimateCall())
        .isCloseTo(c.estimateCorrected(), within(1e-4));
  }

  private static boolean rscriptAvailable() {
    try {
      Process p = new ProcessBuilder("Rscript", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
