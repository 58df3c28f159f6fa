package dev.slipway.deploy.access;

import dev.slipway.deploy.ClusterErrors;
import dev.slipway.deploy.ClusterRef;
import dev.slipway.model.SlipwayException;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.ArtifactStore;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.Authentication;
import io.kubernetes.client.util.credentials.RefreshAuthentication;
import io.kubernetes.client.util.exception.TokenAquisitionException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Opens (and caches, one per cluster per container) an authenticated {@link KubeConnection} for a
 * {@link ClusterRef}: EKS through {@code eks:DescribeCluster} and a token made like {@code aws eks
 * get-token} (optionally after assuming the cluster's role), any other cluster through a kubeconfig
 * read from the artifact store.
 */
public final class ClusterConnector {
  /** A token is replaced after this long, well inside its 15-minute life. */
  public static final Duration TOKEN_REFRESH = Duration.ofMinutes(10);

  private final ArtifactStore store;
  private final EksClusters eks;
  private final BiFunction<String, String, AwsCredentialsProvider> credentialsForRole;
  private final AwsCredentialsProvider defaultCredentials;
  private final EksTokenGenerator tokens;
  private final Clock clock;
  private final Timeouts timeouts;
  private final Map<String, KubeConnection> connections = new ConcurrentHashMap<>();

  /**
   * @param credentialsForRole (roleArn, region) to a provider that assumes the role
   * @param defaultCredentials the function's own credentials
   */
  public ClusterConnector(
      ArtifactStore store,
      EksClusters eks,
      BiFunction<String, String, AwsCredentialsProvider> credentialsForRole,
      AwsCredentialsProvider defaultCredentials,
      Clock clock,
      Timeouts timeouts) {
    this.store = store;
    this.eks = eks;
    this.credentialsForRole = credentialsForRole;
    this.defaultCredentials = defaultCredentials;
    this.tokens = new EksTokenGenerator(clock);
    this.clock = clock;
    this.timeouts = timeouts;
  }

  /** Connect and read timeouts of every Kubernetes call. */
  public record Timeouts(Duration connect, Duration read) {}

  /** The connection for {@code ref} (validated), built on first use. */
  public KubeConnection connect(ClusterRef ref) {
    var cluster = ref.validated();
    if (cluster.eks() != null) {
      var e = cluster.eks();
      return connections.computeIfAbsent(
          "eks|" + cluster.name() + "|" + e.region() + "|" + e.cluster() + "|" + e.roleArn(),
          k -> eksConnection(cluster.name(), e));
    }
    var key = cluster.kubeconfig().key();
    var object = store.get(key);
    // the ETag in the cache key: a rotated kubeconfig takes effect on the next invocation
    return connections.computeIfAbsent(
        "kubeconfig|"
            + cluster.name()
            + "|"
            + key
            + "|"
            + object.etag()
            + "|"
            + cluster.kubeconfig().context(),
        k -> {
          var credentials =
              KubeconfigCredentials.parse(
                  cluster.name(), object.text(), cluster.kubeconfig().context());
          return build(cluster.name(), credentials.endpoint(), credentials.authentication());
        });
  }

  private KubeConnection eksConnection(String name, ClusterRef.Eks e) {
    var credentials =
        e.roleArn() == null
            ? defaultCredentials
            : credentialsForRole.apply(e.roleArn(), e.region());
    var endpoint = eks.describe(e.cluster(), e.region(), credentials);
    RefreshAuthentication auth;
    try {
      // mints the first token now; later ones when a request finds it older than TOKEN_REFRESH
      auth =
          new RefreshAuthentication(
              () -> tokens.token(e.cluster(), e.region(), resolve(name, e, credentials)),
              TOKEN_REFRESH,
              clock);
    } catch (TokenAquisitionException ex) {
      throw ex.getCause() instanceof SlipwayException named ? named : ex;
    }
    return build(name, endpoint, auth);
  }

  private static AwsCredentialsIdentity resolve(
      String name, ClusterRef.Eks e, AwsCredentialsProvider credentials) {
    try {
      return credentials.resolveCredentials();
    } catch (AwsServiceException ex) {
      throw new TerminalStepException(
          ClusterErrors.UNAUTHORIZED,
          "cluster '"
              + name
              + "': could not get AWS credentials"
              + (e.roleArn() == null ? "" : " by assuming " + e.roleArn())
              + " ("
              + ex.statusCode()
              + " "
              + (ex.awsErrorDetails() == null ? "" : ex.awsErrorDetails().errorCode())
              + "). Check that the role's trust policy allows the function's role to call"
              + " sts:AssumeRole, and that the function's role may assume it.");
    } catch (SdkClientException ex) {
      if (e.roleArn() != null) {
        throw ClusterErrors.unreachable(
            name, "AWS STS", "assuming " + e.roleArn() + ": " + ex.getClass().getSimpleName());
      }
      throw new TerminalStepException(
          ClusterErrors.UNAUTHORIZED,
          "cluster '"
              + name
              + "': no AWS credentials to sign the EKS token with ("
              + ex.getClass().getSimpleName()
              + "). In Lambda they come from the function's role; locally, from the usual AWS"
              + " profile or environment.");
    }
  }

  private KubeConnection build(String name, ClusterEndpoint endpoint, Authentication auth) {
    var builder =
        new ClientBuilder()
            .setBasePath(stripSlash(endpoint.server()))
            .setVerifyingSsl(!endpoint.insecureSkipTlsVerify())
            .setAuthentication(auth)
            .setReadTimeout(timeouts.read());
    if (endpoint.caPem() != null) {
      builder.setCertificateAuthority(endpoint.caPem());
    }
    var client = builder.build();
    client.setConnectTimeout((int) timeouts.connect().toMillis());
    client.setReadTimeout((int) timeouts.read().toMillis());
    client.setWriteTimeout((int) timeouts.read().toMillis());
    return new KubeConnection(name, stripSlash(endpoint.server()), client);
  }

  private static String stripSlash(String server) {
    return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
  }
}
