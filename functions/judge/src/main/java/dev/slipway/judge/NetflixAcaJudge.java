package dev.slipway.judge;

import dev.slipway.judge.CanaryAnalysisResult.Metadata;
import dev.slipway.judge.CanaryConfig.CanarySettings;
import dev.slipway.judge.CanaryConfig.Metric;
import dev.slipway.judge.MannWhitneyClassifier.Outcome;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * Kayenta's NetflixACAJudge-v1.0 in Java: per metric, NaN strategy and IQR outliers, summary
 * statistics, the Mann-Whitney classifier with effect size, direction and critical rules; then
 * muting, group scores, the critical and Nodata overrides, the weighted sum and Pass/Marginal/Fail.
 * Without {@code judgeConfigurations.tolerance}/{@code .confLevel} the results are Kayenta's, bit
 * for bit (metrics are classified in parallel; results do not depend on it).
 *
 * <p>Differences from Kayenta: config problems (and a pair without a metric config) are a {@code
 * Slipway.Canary.InvalidConfig} instead of a stack trace; the noise for two constant sides comes
 * from the injected generator; {@code resultMetadata} also carries the interval, estimate and
 * effect size; group scores are listed in order of first appearance, not Scala hash order.
 */
public final class NetflixAcaJudge {
  private final RandomGenerator random;
  private final MannWhitneyInterval.Engine engine;
  private final boolean parallel;

  /**
   * @param random the source of the Gaussian noise Kayenta adds when both sides are constant; seed
   *     it to make such results reproducible.
   */
  public NetflixAcaJudge(RandomGenerator random) {
    this(random, new FastMannWhitney(), true);
  }

  NetflixAcaJudge(RandomGenerator random, MannWhitneyInterval.Engine engine, boolean parallel) {
    this.random = Objects.requireNonNull(random, "random");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.parallel = parallel;
  }

  /** Judges the pairs against the config; the verdict is data, never an exception. */
  public CanaryJudgeResult judge(
      CanaryConfig config, ScoreThresholds thresholds, List<MetricSetPair> pairs) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(thresholds, "thresholds");
    int n = pairs.size();
    Metric[] metrics = new Metric[n];
    for (int i = 0; i < n; i++) {
      MetricSetPair pair = pairs.get(i);
      int index = i;
      metrics[i] =
          config
              .metric(pair.name())
              .orElseThrow(
                  () ->
                      JudgeErrors.invalid(
                          "metric set pairs",
                          "[" + index + "].name",
                          "no metric called \""
                              + pair.name()
                              + "\" in the canary config (it has: "
                              + config.metrics().stream().map(m -> "\"" + m.name() + "\"").toList()
                              + "); add a metric with that name or drop the pair"));
    }

    Prepared[] prepared = new Prepared[n];
    range(n).forEach(i -> prepared[i] = prepare(pairs.get(i), metrics[i]));

    // The noise is drawn in input order from the one generator, so a seed reproduces a run.
    for (Prepared p : prepared) {
      if (p.early == null && MannWhitneyClassifier.constantSides(p.control, p.experiment)) {
        double[][] noised = MannWhitneyClassifier.addNoise(p.control, p.experiment, random);
        p.experiment = noised[0];
        p.control = noised[1];
      }
    }

    MannWhitneyClassifier classifier =
        new MannWhitneyClassifier(config.judge().tolerance(), config.judge().confLevel(), engine);
    CanaryAnalysisResult[] results = new CanaryAnalysisResult[n];
    range(n).forEach(i -> results[i] = finish(prepared[i], classifier));

    List<CanaryAnalysisResult> resultList = List.of(results);
    WeightedSumScorer.Scores scores =
        WeightedSumScorer.score(resultList, config.classifier().groupWeights(), thresholds);
    return new CanaryJudgeResult(
        CanaryConfig.JUDGE_NAME, resultList, scores.groupScores(), scores.score());
  }

  private IntStream range(int n) {
    IntStream s = IntStream.range(0, n);
    return parallel ? s.parallel() : s;
  }

  private static Prepared prepare(MetricSetPair pair, Metric metric) {
    CanarySettings settings = metric.canary();
    double[] experiment = Preprocessing.transform(pair.values().experiment(), settings);
    double[] control = Preprocessing.transform(pair.values().control(), settings);
    Prepared p = new Prepared(pair, metric);
    p.experimentStats = Preprocessing.stats(experiment);
    p.controlStats = Preprocessing.stats(control);
    p.experiment = experiment;
    p.control = control;
    p.early =
        MannWhitneyClassifier.early(
            pair.name(),
            control,
            experiment,
            settings.nanStrategy(),
            settings.critical(),
            settings.mustHaveData());
    return p;
  }

  private static CanaryAnalysisResult finish(Prepared p, MannWhitneyClassifier classifier) {
    CanarySettings settings = p.metric.canary();
    Outcome outcome = p.early;
    if (outcome == null) {
      try {
        outcome =
            classifier.compare(
                p.pair.name(),
                p.control,
                p.experiment,
                settings.direction(),
                settings.effectSize(),
                settings.critical());
      } catch (RuntimeException e) {
        outcome =
            new Outcome(MetricClassification.ERROR, "Metric Classification Failed", false, null);
      }
    }
    return new CanaryAnalysisResult(
        p.pair.name(),
        p.pair.tags(),
        p.pair.id(),
        outcome.classification(),
        outcome.reason(),
        p.metric.groups(),
        new Metadata(p.experimentStats),
        new Metadata(p.controlStats),
        outcome.metadata(),
        outcome.critical(),
        settings.muted());
  }

  /** One metric between the phases. */
  private static final class Prepared {
    final MetricSetPair pair;
    final Metric metric;
    CanaryAnalysisResult.Stats experimentStats;
    CanaryAnalysisResult.Stats controlStats;
    double[] experiment;
    double[] control;
    Outcome early;

    Prepared(MetricSetPair pair, Metric metric) {
      this.pair = pair;
      this.metric = metric;
    }
  }
}
