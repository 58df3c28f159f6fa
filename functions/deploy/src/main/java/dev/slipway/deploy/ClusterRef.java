package dev.slipway.deploy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.model.Name;
import dev.slipway.store.Keys;

/**
 * Which cluster to talk to, and how. Exactly one of {@code eks} or {@code kubeconfig}; with
 * neither, the kubeconfig is read from {@code kubeconfigs/<name>} in the artifact bucket.
 *
 * <p>JSON also takes the flat form of the infra config's cluster entries: {@code {"name",
 * "eksClusterName", "region", "roleArn"}} means {@code {"name", "eks": {"cluster", "region",
 * "roleArn"}}}.
 *
 * @param name Slipway's name for the cluster (keys, logs, errors)
 * @param eks an EKS cluster, reached with a token made like {@code aws eks get-token}
 * @param kubeconfig a kubeconfig stored in the artifact bucket
 * @param namespace the namespace for namespaced objects whose manifest names none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterRef(@Name String name, Eks eks, Kubeconfig kubeconfig, String namespace) {

  /** From JSON, nested or flat. */
  @JsonCreator
  static ClusterRef fromJson(
      @JsonProperty("name") String name,
      @JsonProperty("eks") Eks eks,
      @JsonProperty("kubeconfig") Kubeconfig kubeconfig,
      @JsonProperty("namespace") String namespace,
      @JsonProperty("eksClusterName") String eksClusterName,
      @JsonProperty("region") String region,
      @JsonProperty("roleArn") String roleArn) {
    var nested =
        eks == null && eksClusterName != null ? new Eks(eksClusterName, region, roleArn) : eks;
    return new ClusterRef(name, nested, kubeconfig, namespace);
  }

  /**
   * @param cluster the EKS cluster name (what {@code aws eks describe-cluster --name} takes)
   * @param region its region, e.g. {@code eu-west-1}
   * @param roleArn a role to assume first (the kubeconfig {@code role_arn}), or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Eks(String cluster, String region, String roleArn) {}

  /**
   * @param key the object key in the artifact bucket (default {@code kubeconfigs/<name>})
   * @param context the context to use (default: the kubeconfig's current-context)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Kubeconfig(String key, String context) {}

  /**
   * Checks the reference and fills in defaults; a bad one is {@code Slipway.Cluster.InvalidRef}.
   */
  public ClusterRef validated() {
    if (name == null || name.isBlank()) {
      throw ClusterErrors.invalidRef("a cluster needs a name");
    }
    if (eks != null && kubeconfig != null) {
      throw ClusterErrors.invalidRef(
          "cluster '" + name + "' sets both eks and kubeconfig: choose one");
    }
    if (eks != null && (blank(eks.cluster()) || blank(eks.region()))) {
      throw ClusterErrors.invalidRef(
          "cluster '" + name + "': eks needs the cluster name and its region");
    }
    var ns = blank(namespace) ? "default" : namespace;
    if (eks != null) {
      return new ClusterRef(name, eks, null, ns);
    }
    var key =
        kubeconfig == null || blank(kubeconfig.key()) ? Keys.kubeconfig(name) : kubeconfig.key();
    return new ClusterRef(
        name, null, new Kubeconfig(key, kubeconfig == null ? null : kubeconfig.context()), ns);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
