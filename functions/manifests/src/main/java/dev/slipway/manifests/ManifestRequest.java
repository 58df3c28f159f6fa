package dev.slipway.manifests;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.config.Confinement;
import dev.slipway.model.Name;
import dev.slipway.model.ReleaseSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The manifests state's input: the release (as the webhook put it into the execution input) plus
 * where the templates are and the app's settings. JSON names are snake_case, like the seed's
 * release fields.
 *
 * @param templates S3 prefix of the app's templates; {@code templates/<app>/} when absent
 * @param manifests {@code stored}: the release is of a recorded build (a rollback) and reuses the
 *     manifests stored for it, after checking them, instead of rendering; {@code render} or absent:
 *     render the templates
 */
public record ManifestRequest(
    @Name String app,
    @JsonProperty("git_repo") String gitRepo,
    @JsonProperty("git_branch") String gitBranch,
    @Name @JsonProperty("build_num") String buildNum,
    String commit,
    String ticket,
    String component,
    Images images,
    @Name String environment,
    @Name List<String> clusters,
    @JsonProperty("execution_arn") String executionArn,
    String templates,
    AppSettings settings,
    String manifests) {

  /** Whether the release reuses the manifests stored for its build instead of rendering. */
  public boolean usesStoredManifests() {
    return ReleaseSource.STORED.equals(manifests);
  }

  /** The images the build produced: {@code runtime} goes to the clusters, {@code build} never. */
  public record Images(String runtime, String build) {}

  /**
   * Per-app settings.
   *
   * @param progressDeadlineSeconds set on every Deployment that does not set its own (default 600)
   * @param crds custom resource kinds the app may ship, as {@code <group>/<version>/<Kind>}
   * @param parameters the app's own template parameters, beside the built-in ones
   * @param namespaces each cluster's namespace (from config/slipway.yaml); a cluster without one is
   *     taken to be {@code default}, as the deploy does
   * @param confinement what the app may write beyond that namespace; strict when absent
   */
  public record AppSettings(
      @JsonProperty("progress_deadline_seconds") Integer progressDeadlineSeconds,
      List<String> crds,
      Map<String, String> parameters,
      Map<String, String> namespaces,
      Confinement confinement) {
    public static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

    /** The namespace a cluster's unnamespaced objects get when the settings name none. */
    public static final String DEFAULT_NAMESPACE = "default";

    public AppSettings(
        Integer progressDeadlineSeconds, List<String> crds, Map<String, String> parameters) {
      this(progressDeadlineSeconds, crds, parameters, null, null);
    }

    public int progressDeadline() {
      return progressDeadlineSeconds == null
          ? DEFAULT_PROGRESS_DEADLINE_SECONDS
          : progressDeadlineSeconds;
    }

    public List<String> declaredCrds() {
      return crds == null ? List.of() : crds;
    }

    public Map<String, String> appParameters() {
      return parameters == null ? Map.of() : parameters;
    }

    /** The namespace of {@code cluster}: where its namespaced objects must land. */
    public String clusterNamespace(String cluster) {
      String namespace = namespaces == null ? null : namespaces.get(cluster);
      return namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
    }

    public Confinement confinementPolicy() {
      return confinement == null ? Confinement.STRICT : confinement;
    }
  }

  public AppSettings appSettings() {
    return settings == null ? new AppSettings(null, null, null) : settings;
  }

  public Optional<String> templatesPrefix() {
    return Optional.ofNullable(templates).filter(t -> !t.isBlank());
  }
}
