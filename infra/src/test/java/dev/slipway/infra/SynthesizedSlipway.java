package dev.slipway.infra;

import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * The stack synthesised once per test JVM (jsii's first call costs seconds), from the test
 * fixtures: a config with three clusters, the real {@code statemachines/release.asl.json}, and a
 * placeholder zip for each function jar that is not built.
 */
final class SynthesizedSlipway {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures").toAbsolutePath();

  /** The real release state machine, the one {@code cdk deploy} deploys. */
  static final Path RELEASE_ASL =
      Path.of("").toAbsolutePath().getParent().resolve("statemachines/release.asl.json");

  final SlipwayStack stack;
  final Template template;
  final Annotations annotations;

  private SynthesizedSlipway(Map<String, Object> context) {
    App app = new App(AppProps.builder().context(context).outdir(outdir()).build());
    stack = SlipwayApp.build(app, Path.of("").toAbsolutePath());
    template = Template.fromStack(stack);
    annotations = Annotations.fromStack(stack);
  }

  /** Synth output under target/ rather than a temporary folder per synth. */
  static String outdir() {
    try {
      return java.nio.file.Files.createTempDirectory(
              java.nio.file.Files.createDirectories(Path.of("target")), "cdk-test")
          .toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The stack every infra test looks at. */
  static SynthesizedSlipway get() {
    return Holder.INSTANCE;
  }

  static SynthesizedSlipway withContext(Map<String, Object> extra) {
    return new SynthesizedSlipway(extra);
  }

  static Map<String, Object> fixtureContext(String configFile) {
    return Map.of(
        SlipwayApp.CONFIG,
        FIXTURES.resolve(configFile).toString(),
        SlipwayApp.DEFINITION,
        RELEASE_ASL.toString(),
        SlipwayApp.PLACEHOLDER_ASSETS,
        "true",
        SlipwayApp.STACK_NAME,
        "Slipway");
  }

  private static final class Holder {
    static final SynthesizedSlipway INSTANCE =
        new SynthesizedSlipway(fixtureContext("infra-config.json"));
  }
}
