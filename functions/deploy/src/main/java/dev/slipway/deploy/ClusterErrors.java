package dev.slipway.deploy;

import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;

/**
 * The named errors of cluster access, deploy and rollback, each with a cause that says what to do.
 * None of them ever carries a credential: callers pass only names, URLs and API server messages.
 */
public final class ClusterErrors {
  public static final String UNREACHABLE = "Slipway.Cluster.Unreachable";
  public static final String TIMEOUT = "Slipway.Cluster.Timeout";
  public static final String UNAUTHORIZED = "Slipway.Cluster.Unauthorized";
  public static final String UNAVAILABLE = "Slipway.Cluster.Unavailable";
  public static final String NOT_FOUND = "Slipway.Cluster.NotFound";
  public static final String INVALID_REF = "Slipway.Cluster.InvalidRef";
  public static final String UNSUPPORTED_KUBECONFIG = "Slipway.Cluster.UnsupportedKubeconfig";
  public static final String REJECTED = "Slipway.Deploy.Rejected";
  public static final String CONFLICT = "Slipway.Deploy.Conflict";
  public static final String INVALID_MANIFEST = "Slipway.Deploy.InvalidManifest";
  public static final String ROLLBACK_FAILED = "Slipway.Rollback.Failed";

  private ClusterErrors() {}

  public static TerminalStepException invalidRef(String what) {
    return new TerminalStepException(
        INVALID_REF, what + ". Fix the cluster entry in the release input or slipway.yaml.");
  }

  public static TerminalStepException unsupportedKubeconfig(String cluster, String what) {
    return new TerminalStepException(
        UNSUPPORTED_KUBECONFIG,
        "the kubeconfig of cluster '"
            + cluster
            + "' "
            + what
            + ". A Lambda function can only use a bearer token (a ServiceAccount token) or an"
            + " embedded client certificate and key (client-certificate-data/client-key-data),"
            + " with the CA embedded (certificate-authority-data); for EKS, use an eks cluster"
            + " entry instead of a kubeconfig.");
  }

  public static RetryableStepException unreachable(String cluster, String server, String what) {
    return new RetryableStepException(
        UNREACHABLE,
        "cannot reach "
            + apiServer(cluster, server)
            + " ("
            + what
            + "). Check the server address, DNS, and that the function's VPC, subnets and"
            + " security groups can reach the endpoint (a private EKS endpoint needs the function"
            + " in the cluster's VPC).");
  }

  public static RetryableStepException timeout(String cluster, String server, String what) {
    return new RetryableStepException(
        TIMEOUT,
        apiServer(cluster, server)
            + " did not answer in time ("
            + what
            + "). Slipway retries; if it persists, check the endpoint's network path and the"
            + " API server's health, or raise SLIPWAY_K8S_READ_TIMEOUT.");
  }

  /** {@code the API server of cluster 'x' at https://...}: names, never credentials. */
  static String apiServer(String cluster, String server) {
    return "the API server of cluster '" + cluster + "' at " + server;
  }

  public static TerminalStepException unauthorized(String cluster, int code, String message) {
    var what =
        code == 401
            ? "the API server did not accept Slipway's credentials (401 Unauthorized)"
            : "the API server refused the request (403 Forbidden)";
    return new TerminalStepException(
        UNAUTHORIZED,
        "cluster '"
            + cluster
            + "': "
            + what
            + (message == null || message.isBlank() ? "" : ": " + message)
            + ". For EKS, check that the function's IAM role (or the cluster's roleArn) has an EKS"
            + " access entry with a policy covering these namespaces, or is mapped in the"
            + " aws-auth ConfigMap to a group with RBAC rights; for a kubeconfig cluster, check"
            + " that its token or certificate is valid and bound to a Role that allows it.");
  }

  public static RetryableStepException unavailable(String cluster, int code, String message) {
    return new RetryableStepException(
        UNAVAILABLE,
        "the API server of cluster '"
            + cluster
            + "' answered "
            + code
            + (code == 429 ? " (too many requests)" : " (server error)")
            + (message == null || message.isBlank() ? "" : ": " + message)
            + ". Slipway retries with back-off; if it persists, check the control plane's health.");
  }

  public static TerminalStepException rejected(
      String cluster, String object, int code, String message) {
    return new TerminalStepException(
        REJECTED,
        "cluster '"
            + cluster
            + "' rejected "
            + object
            + " ("
            + code
            + "): "
            + message
            + ". Fix the manifest (kubectl apply --server-side --dry-run=server shows the same"
            + " error) and release again.");
  }
}
