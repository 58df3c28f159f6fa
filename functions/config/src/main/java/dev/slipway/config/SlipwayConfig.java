package dev.slipway.config;

import java.util.List;
import java.util.Optional;

/**
 * Slipway's configuration file, {@code config/slipway.yaml}: the applications it releases, the
 * clusters it deploys to and the observability endpoints it reads. docs/configuration.md documents
 * every field; {@link ConfigParser} reads and validates it strictly.
 *
 * @param version the schema version; only {@code 1} exists
 * @param grafana where release annotations go (optional)
 * @param prometheus the default metrics endpoint for canary analysis (optional; a cluster may
 *     override it)
 * @param clusters every cluster an application may deploy to
 * @param applications every application Slipway releases
 */
public record SlipwayConfig(
    int version,
    Grafana grafana,
    Prometheus prometheus,
    List<Cluster> clusters,
    List<Application> applications) {

  public SlipwayConfig {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
    applications = applications == null ? List.of() : List.copyOf(applications);
  }

  /** The application named {@code name}. */
  public Optional<Application> application(String name) {
    return applications.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /** The cluster named {@code name}. */
  public Optional<Cluster> cluster(String name) {
    return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * The applications whose {@link Application#repo() repo} is the repository at {@code repoUrl}, in
   * any of the forms Git hosts use ({@code https://github.com/acme/checkout.git}, {@code
   * git@github.com:acme/checkout.git}, {@code acme/checkout}).
   */
  public List<Application> applicationsForRepo(String repoUrl) {
    String wanted = RepoNames.normalize(repoUrl);
    if (wanted.isEmpty()) {
      return List.of();
    }
    return applications.stream().filter(a -> RepoNames.normalize(a.repo()).equals(wanted)).toList();
  }

  /** The Prometheus endpoint that serves metrics for {@code cluster}. */
  public Optional<Prometheus> prometheusFor(Cluster cluster) {
    return Optional.ofNullable(cluster.prometheus()).or(() -> Optional.ofNullable(prometheus));
  }
}
