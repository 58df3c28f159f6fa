package dev.slipway.local.run;

import java.net.URI;
import java.nio.file.Path;

/**
 * What {@code slipway run} runs against. Every endpoint left null gets its embedded default.
 *
 * @param eventsDir the repository's {@code events/} folder (demo, recordings)
 * @param scenario the recorded demo
 * @param input a release input file instead of the scenario's demo input (nullable)
 * @param config a {@code slipway.yaml} instead of the demo's (nullable)
 * @param kubeconfig a real cluster's kubeconfig, uploaded as every configured cluster's (nullable)
 * @param prometheusUrl a real Prometheus instead of the replay (nullable)
 * @param grafanaUrl a real Grafana instead of the recorder (nullable)
 * @param s3Endpoint an S3-compatible endpoint instead of the embedded server (nullable); its
 *     credentials come from the AWS SDK's default chain
 * @param bucket the artifact bucket (created on the embedded server; must exist elsewhere)
 */
public record RunOptions(
    Path eventsDir,
    Scenario scenario,
    Path input,
    Path config,
    Path kubeconfig,
    URI prometheusUrl,
    URI grafanaUrl,
    URI s3Endpoint,
    String bucket) {

  public static final String DEFAULT_BUCKET = "slipway-local";

  public RunOptions {
    scenario = scenario == null ? Scenario.HEALTHY : scenario;
    bucket = bucket == null || bucket.isBlank() ? DEFAULT_BUCKET : bucket;
  }

  /** The demo's defaults for a scenario. */
  public static RunOptions demo(Path eventsDir, Scenario scenario) {
    return new RunOptions(eventsDir, scenario, null, null, null, null, null, null, null);
  }

  public Path demoDir() {
    return eventsDir.resolve("demo");
  }

  /** The release input: the given file, else the scenario's demo input. */
  public Path releaseInput() {
    return input != null ? input : demoDir().resolve(scenario.releaseInput());
  }
}
