package dev.slipway.deploy.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.deploy.ClusterErrors;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.kubernetes.client.util.credentials.Authentication;
import io.kubernetes.client.util.credentials.ClientCertificateAuthentication;
import io.kubernetes.client.util.credentials.UsernamePasswordAuthentication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What a kubeconfig says about one context: the endpoint and the credentials, for use inside a
 * Lambda function. Only self-contained credentials work there: a bearer token, an embedded client
 * certificate and key, or (legacy) a username and password. Exec plugins, auth providers and file
 * paths are rejected with {@code Slipway.Cluster.UnsupportedKubeconfig}.
 *
 * <p>Errors never quote the kubeconfig: it holds credentials.
 */
public record KubeconfigCredentials(ClusterEndpoint endpoint, Authentication authentication) {
  private static final YAMLMapper YAML = new YAMLMapper();

  /** Parses {@code kubeconfig} of cluster {@code cluster}, using {@code context} or the current. */
  public static KubeconfigCredentials parse(String cluster, String kubeconfig, String context) {
    JsonNode root;
    try {
      root = YAML.readTree(kubeconfig);
    } catch (IOException e) {
      // no cause attached: a parser message can quote the document, and the document holds secrets
      throw ClusterErrors.unsupportedKubeconfig(cluster, "is not valid YAML");
    }
    if (root == null || !root.isObject()) {
      throw ClusterErrors.unsupportedKubeconfig(cluster, "is empty or not a kubeconfig");
    }
    var contextName = context != null ? context : root.path("current-context").asText("");
    if (contextName.isEmpty()) {
      throw ClusterErrors.unsupportedKubeconfig(
          cluster, "has no current-context and the cluster entry names no context");
    }
    var ctx = named(root, "contexts", contextName, "context");
    if (ctx == null) {
      throw ClusterErrors.unsupportedKubeconfig(cluster, "has no context '" + contextName + "'");
    }
    var clusterName = ctx.path("cluster").asText("");
    var userName = ctx.path("user").asText("");
    var clusterEntry = named(root, "clusters", clusterName, "cluster");
    if (clusterEntry == null) {
      throw ClusterErrors.unsupportedKubeconfig(
          cluster, "has no cluster '" + clusterName + "' (context '" + contextName + "')");
    }
    var user = named(root, "users", userName, "user");
    if (user == null) {
      throw ClusterErrors.unsupportedKubeconfig(
          cluster, "has no user '" + userName + "' (context '" + contextName + "')");
    }
    return new KubeconfigCredentials(
        endpoint(cluster, clusterEntry), authentication(cluster, userName, user));
  }

  private static ClusterEndpoint endpoint(String cluster, JsonNode entry) {
    var server = entry.path("server").asText("");
    if (server.isEmpty()) {
      throw ClusterErrors.unsupportedKubeconfig(cluster, "names no server");
    }
    if (entry.hasNonNull("certificate-authority")
        && !entry.hasNonNull("certificate-authority-data")) {
      throw ClusterErrors.unsupportedKubeconfig(
          cluster,
          "points to a CA file (certificate-authority), which does not exist in Lambda; embed it"
              + " as certificate-authority-data (kubectl config view --raw --flatten)");
    }
    byte[] ca = null;
    if (entry.hasNonNull("certificate-authority-data")) {
      ca =
          base64(
              cluster,
              "certificate-authority-data",
              entry.path("certificate-authority-data").asText());
    }
    return new ClusterEndpoint(server, ca, entry.path("insecure-skip-tls-verify").asBoolean(false));
  }

  private static Authentication authentication(String cluster, String userName, JsonNode user) {
    if (user.hasNonNull("exec")) {
      throw ClusterErrors.unsupportedKubeconfig(
          cluster,
          "uses an exec credential plugin (user '"
              + userName
              + "', command '"
              + user.path("exec").path("command").asText("?")
              + "'), which cannot run in Lambda");
    }
    if (user.hasNonNull("auth-provider")) {
      throw ClusterErrors.unsupportedKubeconfig(
          cluster,
          "uses an auth-provider ("
              + user.path("auth-provider").path("name").asText("?")
              + ", user '"
              + userName
              + "'), which cannot run in Lambda");
    }
    if (user.hasNonNull("tokenFile")
        || user.hasNonNull("client-certificate")
        || user.hasNonNull("client-key")) {
      throw ClusterErrors.unsupportedKubeconfig(
          cluster,
          "points to credential files (tokenFile, client-certificate or client-key of user '"
              + userName
              + "'), which do not exist in Lambda; embed them (token, client-certificate-data,"
              + " client-key-data: kubectl config view --raw --flatten)");
    }
    if (user.hasNonNull("token")) {
      return new AccessTokenAuthentication(user.path("token").asText());
    }
    if (user.hasNonNull("client-certificate-data") && user.hasNonNull("client-key-data")) {
      return new ClientCertificateAuthentication(
          base64(cluster, "client-certificate-data", user.path("client-certificate-data").asText()),
          base64(cluster, "client-key-data", user.path("client-key-data").asText()));
    }
    if (user.hasNonNull("username") && user.hasNonNull("password")) {
      return new UsernamePasswordAuthentication(
          user.path("username").asText(), user.path("password").asText());
    }
    throw ClusterErrors.unsupportedKubeconfig(
        cluster, "has no usable credentials for user '" + userName + "'");
  }

  private static JsonNode named(JsonNode root, String list, String name, String field) {
    for (var item : root.path(list)) {
      if (name.equals(item.path("name").asText())) {
        var value = item.path(field);
        return value.isObject() ? value : null;
      }
    }
    return null;
  }

  private static byte[] base64(String cluster, String field, String value) {
    try {
      return Base64.getMimeDecoder().decode(value.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw ClusterErrors.unsupportedKubeconfig(cluster, "has a " + field + " that is not base64");
    }
  }
}
