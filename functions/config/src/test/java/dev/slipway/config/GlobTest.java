package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "main, main, true",
    "main, mainline, false",
    "release/*, release/1.4, true",
    "release/*, release/1.4/hotfix, false",
    "release/**, release/1.4/hotfix, true",
    "v*, v1.2.3, true",
    "v*, 1.2.3, false",
    "v1.*, v1x2, false",
    "feat+x, feat+x, true",
  })
  void matches_shouldTreatStarAsOneSegmentAndDoubleStarAsAny(
      String pattern, String value, boolean expected) {
    assertThat(Glob.matches(pattern, value)).isEqualTo(expected);
  }
}
