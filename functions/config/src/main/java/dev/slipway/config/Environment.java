package dev.slipway.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One environment of an application, e.g. {@code stg} or {@code prod}.
 *
 * @param name the environment's name
 * @param branches release branches whose builds enter this environment; omitted: any release
 *     branch; {@code []}: none (the environment is reached by a tag or a promotion)
 * @param tags tag patterns whose GitHub releases enter this environment (empty: none)
 * @param approval whether a person must approve before the first wave; defaults to {@code true} for
 *     {@code stg} and {@code prod} and {@code false} otherwise
 * @param waves the clusters, wave by wave; a wave starts when the previous one is done
 * @param canaryGate the wave after which the canary is judged (optional: no canary)
 */
public record Environment(
    String name,
    List<String> branches,
    List<String> tags,
    Boolean approval,
    List<Wave> waves,
    String canaryGate) {

  /** Environments that need an approval unless the configuration says otherwise. */
  public static final Set<String> APPROVAL_BY_DEFAULT = Set.of("stg", "prod");

  public Environment {
    branches = branches == null ? null : List.copyOf(branches);
    tags = tags == null ? List.of() : List.copyOf(tags);
    waves = waves == null ? List.of() : List.copyOf(waves);
  }

  /** Whether a release into this environment waits for a person's approval. */
  public boolean approvalRequired() {
    return approval == null ? APPROVAL_BY_DEFAULT.contains(name) : approval;
  }

  /** Whether builds of {@code branch} enter this environment (given it is a release branch). */
  public boolean acceptsBranch(String branch) {
    return branches == null || branches.stream().anyMatch(p -> Glob.matches(p, branch));
  }

  /** Whether GitHub releases tagged {@code tag} enter this environment. */
  public boolean acceptsTag(String tag) {
    return tag != null && tags.stream().anyMatch(p -> Glob.matches(p, tag));
  }

  /** The wave after which the canary is judged. */
  public Optional<Wave> canaryGateWave() {
    return waves.stream().filter(w -> w.name().equals(canaryGate)).findFirst();
  }

  /**
   * A set of clusters deployed together (in parallel).
   *
   * @param name the wave's name, e.g. {@code core}
   * @param clusters the names of its clusters
   */
  public record Wave(String name, List<String> clusters) {
    public Wave {
      clusters = clusters == null ? List.of() : List.copyOf(clusters);
    }
  }
}
