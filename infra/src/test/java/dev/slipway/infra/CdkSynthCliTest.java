package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code cdk synth} the way an operator does: the aws-cdk@2 CLI from {@code tools/} (installed
 * by ./run-tests), cdk.json's {@code mvn -e -q compile exec:java} app, offline. Real jars and the
 * real statemachines/release.asl.json are used; a function jar that is not built is stood in for by
 * the placeholder zip (a context flag), so the check runs on a partial build too.
 */
class CdkSynthCliTest {
  private static final Path INFRA = Path.of("").toAbsolutePath();
  private static final Path ROOT = INFRA.getParent();

  @Test
  @DisplayName("npx cdk synth produces the Slipway template, cdk-nag clean")
  void cdkSynth_shouldProduceTheTemplate() throws IOException, InterruptedException {
    Path cdk = ROOT.resolve("tools/node_modules/.bin/cdk");
    assertThat(cdk)
        .as("the CDK CLI is installed by ./run-tests (or: cd tools && npm install)")
        .isExecutable();
    Path out = INFRA.resolve("target/cdk-synth-test.out");
    Path log = INFRA.resolve("target/cdk-synth-test.log");

    List<String> command =
        new ArrayList<>(
            List.of(cdk.toString(), "synth", "--quiet", "--no-notices", "-o", out.toString()));
    boolean allJars =
        java.util.Arrays.stream(SlipwayFunction.values())
            .allMatch(f -> Files.isRegularFile(ROOT.resolve(f.jar())));
    if (!allJars) {
      command.addAll(List.of("-c", SlipwayApp.PLACEHOLDER_ASSETS + "=true"));
    }
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(INFRA.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment()
        .merge(
            "PATH",
            ROOT.resolve("tools/node_modules/.bin").toString(),
            (old, bin) -> bin + ":" + old);
    // The test is offline: no CLI telemetry call (CDK CLI >= 2.1100 sends some by default).
    pb.environment().put("CDK_DISABLE_CLI_TELEMETRY", "true");
    Process p = pb.start();
    boolean done = p.waitFor(8, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(done).as("cdk synth finished within 8 minutes; log:\n" + output).isTrue();
    assertThat(p.exitValue()).as("cdk synth exit code; log:\n" + output).isZero();

    JsonNode template = new ObjectMapper().readTree(out.resolve("Slipway.template.json").toFile());
    List<String> handlers = new ArrayList<>();
    template
        .get("Resources")
        .forEach(
            r -> {
              if ("AWS::Lambda::Function".equals(r.get("Type").asText())
                  && r.get("Properties").has("SnapStart")) {
                handlers.add(r.get("Properties").get("Handler").asText());
              }
            });
    assertThat(handlers)
        .containsExactlyInAnyOrderElementsOf(
            java.util.Arrays.stream(SlipwayFunction.values())
                .map(SlipwayFunction::handler)
                .toList());
    assertThat(template.get("Resources").toString()).contains("AWS::StepFunctions::StateMachine");

    // cdk-nag's report: every non-compliant Error finding is suppressed (has an exception reason).
    List<String> unsuppressed = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("AwsSolutions-Slipway-NagReport.csv"))) {
      if (line.contains("\"Non-Compliant\"") && line.contains("\"Error\"")) {
        unsuppressed.add(line);
      }
    }
    assertThat(unsuppressed).isEmpty();
  }
}
