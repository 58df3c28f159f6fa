package dev.slipway.local.cli;

import dev.slipway.judge.CanaryConfig;
import dev.slipway.judge.CanaryJudgeResult;
import dev.slipway.judge.JudgeJson;
import dev.slipway.judge.MetricSetPair;
import dev.slipway.judge.NetflixAcaJudge;
import dev.slipway.judge.ScoreThresholds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slipway judge}: Kayenta's NetflixACAJudge-v1.0 on a canary config and a list of metric set
 * pairs, offline. Prints the CanaryJudgeResult JSON; the verdict is in the output, not the exit
 * code.
 */
@Command(
    name = "judge",
    mixinStandardHelpOptions = true,
    description = {
      "Judge Kayenta metric set pairs against a canary config (NetflixACAJudge-v1.0) and print the"
          + " CanaryJudgeResult JSON on stdout.",
      "Exits 0 whatever the verdict; a bad file or config exits 2 with one line on stderr."
    })
final class JudgeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "CANARY_CONFIG",
      description = "Kayenta canary config, JSON or YAML.")
  Path config;

  @Option(
      names = "--pairs",
      required = true,
      paramLabel = "METRIC_SET_PAIRS",
      description = "JSON array of Kayenta MetricSetPairs (values.control, values.experiment).")
  Path pairs;

  @Mixin ThresholdOptions thresholdOptions = new ThresholdOptions();

  @Option(
      names = "--seed",
      paramLabel = "N",
      description =
          "Seed for the noise Kayenta adds when both sides of a metric are constant (default:"
              + " random). The same seed reproduces a result exactly.")
  Long seed;

  @Override
  public Integer call() throws IOException {
    ScoreThresholds thresholds = thresholdOptions.thresholds();
    CanaryConfig canaryConfig = CanaryConfig.parse(Files.readString(config));
    List<MetricSetPair> metricSetPairs = MetricSetPair.parseList(Files.readString(pairs));
    SplittableRandom random = seed == null ? new SplittableRandom() : new SplittableRandom(seed);
    CanaryJudgeResult result =
        new NetflixAcaJudge(random).judge(canaryConfig, thresholds, metricSetPairs);
    spec.commandLine().getOut().println(JudgeJson.writePretty(result));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
