package dev.slipway.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An application Slipway releases.
 *
 * @param name the application's name (a DNS label); also the default component name
 * @param repo its Git repository ({@code https://github.com/acme/checkout}, {@code
 *     git@github.com:acme/checkout.git} or {@code acme/checkout})
 * @param component the component name passed to the release (defaults to {@code name})
 * @param releaseBranches branch patterns whose builds are released ({@code *} within a path
 *     segment, {@code **} across segments)
 * @param triggers the events that may start a release of this application
 * @param workflows for {@code github-workflow-run}: the workflows (name, file name or path) whose
 *     successful runs are builds of this application; omitted: any workflow
 * @param images the image repositories a build pushes to
 * @param environments the environments in release order
 * @param canary where the canary configuration is
 * @param manifests where the manifest templates are
 * @param release how the release state machine treats it (optional; {@link ReleaseSettings})
 * @param confinement what its releases may write beyond the cluster's namespace (optional; {@link
 *     Confinement}, strict when absent)
 */
public record Application(
    String name,
    String repo,
    String component,
    List<String> releaseBranches,
    List<Trigger> triggers,
    List<String> workflows,
    Images images,
    List<Environment> environments,
    Canary canary,
    Manifests manifests,
    ReleaseSettings release,
    Confinement confinement) {

  /** When {@code triggers} is omitted: the events that mean "a build has finished". */
  public static final List<Trigger> DEFAULT_TRIGGERS =
      List.of(
          Trigger.JENKINS,
          Trigger.BUILD,
          Trigger.GITHUB_WORKFLOW_RUN,
          Trigger.GITHUB_REGISTRY_PACKAGE);

  public Application {
    releaseBranches = releaseBranches == null ? List.of() : List.copyOf(releaseBranches);
    triggers = triggers == null ? DEFAULT_TRIGGERS : List.copyOf(triggers);
    environments = environments == null ? List.of() : List.copyOf(environments);
    workflows = workflows == null ? null : List.copyOf(workflows);
  }

  /**
   * Whether a run of the workflow called {@code name} at {@code path} (e.g. {@code
   * .github/workflows/build.yml}) is a build of this application.
   */
  public boolean isBuildWorkflow(String name, String path) {
    if (workflows == null) {
      return true;
    }
    String file = path == null ? null : path.substring(path.lastIndexOf('/') + 1);
    return workflows.stream().anyMatch(w -> w.equals(name) || w.equals(path) || w.equals(file));
  }

  /** The component name a release carries. */
  public String componentName() {
    return component == null || component.isBlank() ? name : component;
  }

  /** Whether {@code branch} is one of this application's release branches. */
  public boolean isReleaseBranch(String branch) {
    return branch != null && releaseBranches.stream().anyMatch(p -> Glob.matches(p, branch));
  }

  /** The environment named {@code name}. */
  public Optional<Environment> environment(String name) {
    return environments.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /**
   * The environment a build of {@code branch} enters: the first one, in file order, whose {@code
   * branches} match it.
   */
  public Optional<Environment> environmentForBranch(String branch) {
    if (!isReleaseBranch(branch)) {
      return Optional.empty();
    }
    return environments.stream().filter(e -> e.acceptsBranch(branch)).findFirst();
  }

  /** The environment a release tagged {@code tag} enters: the first whose {@code tags} match. */
  public Optional<Environment> environmentForTag(String tag) {
    return environments.stream().filter(e -> e.acceptsTag(tag)).findFirst();
  }

  /** The S3 key of the canary configuration. */
  public String canaryConfigKey() {
    return canary != null && canary.config() != null
        ? canary.config()
        : "config/canary/" + name + ".json";
  }

  /** The release settings, with defaults where the file is silent. */
  public ReleaseSettings releaseSettings() {
    return release == null ? ReleaseSettings.DEFAULTS : release;
  }

  /** The confinement policy, strict where the file is silent. */
  public Confinement confinementPolicy() {
    return confinement == null ? Confinement.STRICT : confinement;
  }

  /** The S3 prefix of the manifest templates. */
  public String manifestTemplatesPrefix() {
    return manifests != null && manifests.templates() != null
        ? manifests.templates()
        : "templates/" + name + "/";
  }

  /**
   * The image repositories a build of this application pushes to. The build image (compilers, test
   * tools) never reaches a cluster; the runtime image does.
   *
   * @param runtime e.g. {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout}
   * @param build e.g. {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout-build}
   * @param tag how a build's tag is made: {@code build} (the build number, default) or {@code
   *     commit} (the full commit SHA)
   */
  public record Images(String runtime, String build, String tag) {
    /** The tag of a build's images. */
    public String tagFor(String buildNumber, String commit) {
      return "commit".equals(tag) ? commit : buildNumber;
    }
  }

  /**
   * The clusters whose canary {@code env}'s gate judges: every cluster of its canary gate wave, in
   * the wave's order, or those of them {@code canary.clusters} names. Empty when the environment
   * has no canary gate.
   */
  public List<String> gateClusters(Environment env) {
    List<String> wave = env.canaryGateWave().map(Environment.Wave::clusters).orElse(List.of());
    if (canary == null || canary.clusters() == null) {
      return wave;
    }
    return wave.stream().filter(canary.clusters()::contains).toList();
  }

  /**
   * Where the canary configuration (Kayenta format) is, and which clusters of the gate wave are
   * judged.
   *
   * @param config its S3 key; defaults to {@code config/canary/<app>.json}
   * @param clusters the clusters of the canary gate wave to judge (each on its own Prometheus, each
   *     its own verdict); omitted: every cluster of the gate wave
   */
  public record Canary(String config, List<String> clusters) {
    public Canary {
      clusters = clusters == null ? null : Collections.unmodifiableList(new ArrayList<>(clusters));
    }

    /**
     * What is wrong with {@link #clusters} against the application's environments, as (field under
     * {@code canary}, message) pairs: an empty list, a name twice, a name that is no cluster of any
     * environment's canary gate wave, or an environment with a gate none of the names is in.
     */
    public List<Map.Entry<String, String>> problems(List<Environment> environments) {
      List<Map.Entry<String, String>> out = new ArrayList<>();
      if (clusters == null) {
        return out;
      }
      if (clusters.isEmpty()) {
        out.add(
            Map.entry(
                "clusters",
                "lists no cluster: name at least one cluster of the canary gate wave, or leave"
                    + " clusters out to judge every one"));
        return out;
      }
      List<String> gates = new ArrayList<>();
      Set<String> inGates = new HashSet<>();
      for (Environment env : environments) {
        if (env == null) {
          continue;
        }
        env.canaryGateWave()
            .ifPresent(
                w -> {
                  inGates.addAll(w.clusters());
                  gates.add(env.name() + "/" + w.name() + ": " + String.join(", ", w.clusters()));
                });
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < clusters.size(); i++) {
        String name = clusters.get(i);
        String at = "clusters[" + i + "]";
        if (name == null || !ConfigValidator.DNS_LABEL.matcher(name).matches()) {
          out.add(Map.entry(at, "is not a cluster name (a DNS label)"));
        } else if (!seen.add(name)) {
          out.add(Map.entry(at, "cluster '" + name + "' is named twice"));
        } else if (!inGates.contains(name)) {
          out.add(
              Map.entry(
                  at,
                  "'"
                      + name
                      + "' is not a cluster of a canary gate wave (gate waves: "
                      + (gates.isEmpty() ? "none" : String.join("; ", gates))
                      + "): name clusters of the wave canaryGate names"));
        }
      }
      for (Environment env : environments) {
        if (env == null) {
          continue;
        }
        env.canaryGateWave()
            .filter(w -> w.clusters().stream().noneMatch(clusters::contains))
            .ifPresent(
                w ->
                    out.add(
                        Map.entry(
                            "clusters",
                            "names no cluster of environment '"
                                + env.name()
                                + "''s gate wave '"
                                + w.name()
                                + "' ("
                                + String.join(", ", w.clusters())
                                + "): its canary would judge nothing; name at least one of them")));
      }
      return out;
    }
  }

  /**
   * Where the manifest templates are.
   *
   * @param templates their S3 prefix; defaults to {@code templates/<app>/}
   */
  public record Manifests(String templates) {}
}
