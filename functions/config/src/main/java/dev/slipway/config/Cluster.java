package dev.slipway.config;

/**
 * A Kubernetes cluster Slipway deploys to: an EKS cluster reached with IAM, or any cluster whose
 * kubeconfig is stored in the bucket. Exactly one of {@code eks} and {@code kubeconfig} is set.
 *
 * @param name Slipway's name for it (a DNS label), used in waves and S3 keys
 * @param eks how to reach it when it is an EKS cluster
 * @param kubeconfig where its kubeconfig is when it is not
 * @param namespace the namespace releases go to
 * @param prometheus the metrics endpoint of this cluster, when not the global one
 */
public record Cluster(
    String name, Eks eks, Kubeconfig kubeconfig, String namespace, Prometheus prometheus) {

  /** Whether this cluster is reached through the EKS API and IAM. */
  public boolean isEks() {
    return eks != null;
  }

  /**
   * An EKS cluster.
   *
   * @param cluster the EKS cluster name (as in {@code aws eks describe-cluster --name})
   * @param region its AWS region
   * @param roleArn a role to assume before talking to it (optional; cross-account clusters)
   */
  public record Eks(String cluster, String region, String roleArn) {}

  /**
   * A kubeconfig stored in Slipway's bucket (encrypted with SSE-KMS).
   *
   * @param key the S3 key; defaults to {@code kubeconfigs/<cluster name>}
   * @param context the context to use; defaults to the kubeconfig's current context
   */
  public record Kubeconfig(String key, String context) {}
}
