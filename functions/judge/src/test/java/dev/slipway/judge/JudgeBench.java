package dev.slipway.judge;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The judge benchmark (not a test): 1,000 metrics of 1,440 control and 1,440 experiment points
 * each, judged by the reference port (the oracle: Kayenta's way, re-ranking with boxed pairs on
 * every root-finder step) and by the production judge, on one thread and on all cores. Fails (exit
 * 1) unless all three results are identical; prints the speed-ups.
 *
 * <pre>
 *   mvn -B -q -pl functions/judge -am -Pbench test
 * </pre>
 *
 * Arguments (optional): metrics, points per side, production repetitions.
 */
public final class JudgeBench {
  private JudgeBench() {}

  public static void main(String[] args) {
    int metrics = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int points = args.length > 1 ? Integer.parseInt(args[1]) : 1440;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    long seed = 20261127L;
    RandomCanaries.Canary canary =
        RandomCanaries.generate(new SplittableRandom(seed), metrics, points, true);
    System.out.printf(
        "judge bench: %d metrics x (%d control + %d experiment) points, %d cores available%n",
        metrics, points, points, Runtime.getRuntime().availableProcessors());

    Supplier<NetflixAcaJudge> oracle =
        () -> new NetflixAcaJudge(new SplittableRandom(seed), new ReferenceMannWhitney(), false);
    Supplier<NetflixAcaJudge> oneCore =
        () -> new NetflixAcaJudge(new SplittableRandom(seed), new FastMannWhitney(), false);
    Supplier<NetflixAcaJudge> allCores = () -> new NetflixAcaJudge(new SplittableRandom(seed));

    // warm-up on a slice, so both paths are compiled before they are timed
    RandomCanaries.Canary warm =
        RandomCanaries.generate(
            new SplittableRandom(seed + 1), Math.min(metrics, 100), points, true);
    for (int i = 0; i < 3; i++) {
      oracle.get().judge(warm.config(), ScoreThresholds.DEFAULT, warm.pairs());
      oneCore.get().judge(warm.config(), ScoreThresholds.DEFAULT, warm.pairs());
      allCores.get().judge(warm.config(), ScoreThresholds.DEFAULT, warm.pairs());
    }

    Timed reference = time(oracle, canary, 1);
    System.out.printf("reference port (oracle), 1 thread : %8.1f ms%n", reference.millis);
    Timed sequential = time(oneCore, canary, reps);
    System.out.printf(
        "production, 1 thread              : %8.1f ms (best of %d)%n", sequential.millis, reps);
    Timed parallel = time(allCores, canary, reps);
    System.out.printf(
        "production, all cores             : %8.1f ms (best of %d)%n", parallel.millis, reps);

    boolean identical =
        reference.json.equals(sequential.json) && reference.json.equals(parallel.json);
    System.out.printf("results identical                 : %s%n", identical);
    System.out.printf(
        "speed-up on one core              : %.1fx%n", reference.millis / sequential.millis);
    System.out.printf(
        "speed-up with all cores           : %.1fx%n", reference.millis / parallel.millis);
    if (!identical) {
      System.err.println("judge bench: production and reference results differ");
      System.exit(1);
    }
  }

  private record Timed(double millis, String json) {}

  private static Timed time(Supplier<NetflixAcaJudge> judge, RandomCanaries.Canary c, int reps) {
    double[] ms = new double[reps];
    String json = null;
    for (int i = 0; i < reps; i++) {
      NetflixAcaJudge j = judge.get();
      long t0 = System.nanoTime();
      CanaryJudgeResult r = j.judge(c.config(), ScoreThresholds.DEFAULT, c.pairs());
      ms[i] = (System.nanoTime() - t0) / 1e6;
      String w = JudgeJson.write(r);
      if (json != null && !json.equals(w)) {
        throw new IllegalStateException("two runs of the same judge differ");
      }
      json = w;
    }
    return new Timed(Arrays.stream(ms).min().orElseThrow(), json);
  }
}
