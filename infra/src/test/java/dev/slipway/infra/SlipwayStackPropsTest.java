package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
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
  @DisplayName(
      "the real definition's TimeoutSeconds is the one knob, and the Plan state is given the same")
  void checkTimeout_shouldAccept_theRealDefinition() throws IOException {
    var asl = new ObjectMapper().readTree(SynthesizedSlipway.RELEASE_ASL.toFile());

    int timeout = SlipwayStackProps.checkTimeout(SynthesizedSlipway.RELEASE_ASL);

    assertThat(timeout)
        .isEqualTo(asl.get("TimeoutSeconds").asInt())
        .isEqualTo(asl.at("/States/Plan/Parameters/machineTimeoutSeconds").asInt());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\"TimeoutSeconds\": 0,", "\"TimeoutSeconds\": \"7200\","})
  @DisplayName("a definition without a whole-number top-level TimeoutSeconds is refused at synth")
  void checkTimeout_shouldRefuse_whenMissingOrNotANumber(String timeout) throws IOException {
    Path asl = dir.resolve("release.asl.json");
    Files.writeString(
        asl, "{" + timeout + "\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}");
    assertThatThrownBy(() -> SlipwayStackProps.checkTimeout(asl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must declare a whole-number \"TimeoutSeconds\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\"machineTimeoutSeconds\": 7200"})
  @DisplayName("a Plan state not given the machine's TimeoutSeconds is refused at synth")
  void checkTimeout_shouldRefuse_whenThePlanIsNotToldTheTimeout(String parameter)
      throws IOException {
    Path asl = dir.resolve("release.asl.json");
    Files.writeString(
        asl,
        "{\"TimeoutSeconds\": 14400, \"StartAt\": \"Plan\", \"States\": {\"Plan\": {\"Type\":"
            + " \"Pass\", \"Parameters\": {"
            + parameter
            + "}, \"End\": true}}}");
    assertThatThrownBy(() -> SlipwayStackProps.checkTimeout(asl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("machineTimeoutSeconds")
        .hasMessageContaining("must equal the top-level TimeoutSeconds (14400)");
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
