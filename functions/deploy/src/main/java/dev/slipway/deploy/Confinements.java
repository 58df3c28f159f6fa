package dev.slipway.deploy;

import dev.slipway.config.Application;
import dev.slipway.config.Cluster;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.Confinement;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.manifests.ConfinementCheck;
import dev.slipway.model.TerminalStepException;

/**
 * Where the deploy takes an application's {@link Confinement} and a cluster's namespace from:
 * Slipway's configuration in the bucket, never the deploy's input, so a caller that can invoke the
 * function (or write a manifest to S3) cannot widen what a release may write.
 */
@FunctionalInterface
public interface Confinements {

  /**
   * The policy for {@code app} on {@code cluster}.
   *
   * @throws dev.slipway.model.SlipwayException {@code Slipway.Deploy.InvalidInput} when the
   *     configuration knows no such app or cluster, or the configuration's own errors
   */
  Policy of(String app, String cluster);

  /**
   * @param confinement what the app may write beyond the namespace
   * @param namespace the cluster's namespace, as config/slipway.yaml sets it
   */
  record Policy(Confinement confinement, String namespace) {}

  /** From {@code config/slipway.yaml}, as the plan read it. */
  static Confinements fromConfig(ConfigLoader config) {
    return (app, cluster) -> {
      SlipwayConfig cfg = config.current();
      Application application = cfg.application(app).orElseThrow(() -> unknown("application", app));
      Cluster target = cfg.cluster(cluster).orElseThrow(() -> unknown("cluster", cluster));
      return new Policy(application.confinementPolicy(), target.namespace());
    };
  }

  private static TerminalStepException unknown(String what, String name) {
    return new TerminalStepException(
        "Slipway.Deploy.InvalidInput",
        "there is no "
            + what
            + " '"
            + ConfinementCheck.safe(name)
            + "' in config/slipway.yaml; the deploy takes what a release may write from there"
            + " (docs/configuration.md#confinement). Deploy only what a plan made from the"
            + " current configuration.");
  }
}
