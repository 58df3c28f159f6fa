package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlipwayStackPropsTest {
  @TempDir Path dir;

  @Test
  @DisplayName("the real definition carries the 2-hour TimeoutSeconds")
  void checkTimeout_shouldAccept_whenTwoHours() {
    assertThatCode(() -> SlipwayStackProps.checkTimeout(SynthesizedSlipway.RELEASE_ASL))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\"TimeoutSeconds\": 3600,", "\"TimeoutSeconds\": \"7200\","})
  @DisplayName("a definition without a top-level TimeoutSeconds of 7200 is refused at synth")
  void checkTimeout_shouldRefuse_whenMissingOrDifferent(String timeout) throws IOException {
    Path asl = dir.resolve("release.asl.json");
    Files.writeString(
        asl, "{" + timeout + "\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}");
    assertThatThrownBy(() -> SlipwayStackProps.checkTimeout(asl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must declare \"TimeoutSeconds\": 7200");
  }

  @Test
  @DisplayName("every function needs a code asset")
  void props_shouldRefuse_whenAJarIsMissing() {
    Map<SlipwayFunction, Path> jars = new EnumMap<>(SlipwayFunction.class);
    jars.put(SlipwayFunction.WEBHOOK, dir.resolve("w.jar"));
    assertThatThrownBy(
            () ->
                new SlipwayStackProps(
                    InfraConfig.defaults(), SynthesizedSlipway.RELEASE_ASL, jars, dir))
        .hasMessageContaining("no code asset given for function Approval");
  }

  @Test
  @DisplayName("the placeholder zip is byte-identical run after run (stable asset hash)")
  void placeholderZip_shouldBeReproducible() throws IOException {
    byte[] first = Files.readAllBytes(SlipwayApp.placeholderZip(dir.resolve("a")));
    byte[] second = Files.readAllBytes(SlipwayApp.placeholderZip(dir.resolve("b")));
    assertThat(first).isEqualTo(second).startsWith((byte) 'P', (byte) 'K');
  }
}
