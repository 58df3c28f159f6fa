package dev.slipway.deploy.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.deploy.ClusterRef;
import dev.slipway.deploy.kube.KubernetesClusterClient;
import dev.slipway.local.cluster.EmbeddedCluster;
import dev.slipway.manifests.ObjectRef;
import dev.slipway.store.InMemoryArtifactStore;
import dev.slipway.store.Keys;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.kubernetes.client.util.credentials.ClientCertificateAuthentication;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** EKS (through a fake EKS API over HTTP) and kubeconfig access to the embedded API server. */
class ClusterAccessTest {
  private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
  private static final AwsBasicCredentials CREDENTIALS =
      AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

  private static final ClusterRef WITH_ROLE =
      new ClusterRef(
          "prod-eu",
          new ClusterRef.Eks("prod-eu-1", "eu-west-1", "arn:aws:iam::111122223333:role/deployer"),
          null,
          "shop");

  private final EmbeddedCluster cluster = EmbeddedCluster.start();
  private final InMemoryArtifactStore store = new InMemoryArtifactStore();
  private final AtomicInteger describeCalls = new AtomicInteger();
  private HttpServer eks;

  @AfterEach
  void stop() {
    cluster.close();
    if (eks != null) {
      eks.stop(0);
    }
  }

  @Test
  void eks_shouldDescribeTheClusterOnce_andSendAGetTokenBearerToken() throws IOException {
    var connector = connector(startFakeEks());
    var ref =
        new ClusterRef("prod-eu", new ClusterRef.Eks("prod-eu-1", "eu-west-1", null), null, "shop");

    var client = new KubernetesClusterClient(connector.connect(ref));
    client.get(new ObjectRef("v1", "ConfigMap", "shop", "absent"));
    connector.connect(ref);

    var expected =
        new EksTokenGenerator(Clock.fixed(NOW, ZoneOffset.UTC))
            .token("prod-eu-1", "eu-west-1", CREDENTIALS);
    assertThat(cluster.lastAuthorization()).isEqualTo("Bearer " + expected);
    assertThat(describeCalls).hasValue(1);
  }

  @Test
  void eks_shouldBeUnauthorized_whenTheRoleCannotBeAssumed() throws IOException {
    var connector = connector(startFakeEks(), refusing(new AtomicBoolean(true)));
    var ref = WITH_ROLE;

    assertThatThrownBy(() -> connector.connect(ref))
        .hasMessageStartingWith("Slipway.Cluster.Unauthorized: ")
        .hasMessageContaining("(403 AccessDenied)")
        .hasMessageContaining("trust");
  }

  @Test
  void eks_shouldBeUnauthorized_whenTheRoleCanNoLongerBeAssumedAtTokenTime() throws IOException {
    var clock = new MutableClock(NOW);
    var refuse = new AtomicBoolean(false);
    var connector = connector(startFakeEks(), refusing(refuse), clock);
    var ref = WITH_ROLE;
    var client = new KubernetesClusterClient(connector.connect(ref));
    client.get(new ObjectRef("v1", "ConfigMap", "shop", "x"));
    refuse.set(true);
    clock.now = NOW.plus(Duration.ofMinutes(11)); // the token is due for renewal

    assertThatThrownBy(() -> client.get(new ObjectRef("v1", "ConfigMap", "shop", "x")))
        .hasMessageStartingWith(
            "Slipway.Cluster.Unauthorized: cluster 'prod-eu': could not get AWS credentials by assuming arn:aws:iam::111122223333:role/deployer (403 AccessDenied)");
  }

  private static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Credentials that are refused, as an AssumeRole would be, while {@code refuse} is set. */
  private static AwsCredentialsProvider refusing(AtomicBoolean refuse) {
    return () -> {
      if (refuse.get()) {
        throw StsException.builder()
            .statusCode(403)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build())
            .message("not authorized to perform sts:AssumeRole")
            .build();
      }
      return CREDENTIALS;
    };
  }

  @Test
  void eks_shouldNameTheCluster_whenEksDoesNotKnowIt() throws IOException {
    var connector = connector(startFakeEks());
    var ref =
        new ClusterRef("prod-us", new ClusterRef.Eks("nope", "eu-west-1", null), null, "shop");

    assertThatThrownBy(() -> connector.connect(ref))
        .hasMessageStartingWith(
            "Slipway.Cluster.NotFound: no EKS cluster named 'nope' in eu-west-1");
  }

  @Test
  void kubeconfig_shouldAuthenticateWithItsToken() throws IOException {
    store.put(
        Keys.kubeconfig("onprem"),
        cluster.kubeconfig("onprem").getBytes(StandardCharsets.UTF_8),
        "application/yaml");
    var connector = connector(URI.create("http://127.0.0.1:1"));

    new KubernetesClusterClient(connector.connect(new ClusterRef("onprem", null, null, null)))
        .get(new ObjectRef("v1", "ConfigMap", "default", "absent"));

    assertThat(cluster.lastAuthorization()).isEqualTo("Bearer " + EmbeddedCluster.TOKEN);
  }

  @Test
  void kubeconfig_shouldLoadAnEmbeddedClientCertificateAndKey() throws IOException {
    var kubeconfig = clientCertKubeconfig();

    var credentials = KubeconfigCredentials.parse("onprem", kubeconfig, null);
    store.put(
        Keys.kubeconfig("onprem"), kubeconfig.getBytes(StandardCharsets.UTF_8), "application/yaml");
    var connection =
        connector(URI.create("http://127.0.0.1:1"))
            .connect(new ClusterRef("onprem", null, null, null));

    assertThat(credentials.authentication()).isInstanceOf(ClientCertificateAuthentication.class);
    assertThat(credentials.endpoint().caPem()).isNotEmpty();
    assertThat(connection.client().getKeyManagers()).isNotEmpty();
  }

  @Test
  void kubeconfig_shouldUseTheNamedContext() {
    var kubeconfig =
        cluster.kubeconfig("a").replace("current-context: a", "current-context: missing");

    assertThat(KubeconfigCredentials.parse("a", kubeconfig, "a").authentication())
        .isInstanceOf(AccessTokenAuthentication.class);
    assertThatThrownBy(() -> KubeconfigCredentials.parse("a", kubeconfig, null))
        .hasMessageStartingWith(
            "Slipway.Cluster.UnsupportedKubeconfig: the kubeconfig of cluster 'a' has no context 'missing'");
  }

  @Test
  void kubeconfig_shouldRejectAuthProvidersAndFiles_withoutQuotingSecrets() {
    var authProvider =
        cluster
            .kubeconfig("a")
            .replace(
                "token: " + EmbeddedCluster.TOKEN,
                "auth-provider: {name: oidc, config: {id-token: s3cr3t}}");
    var files =
        cluster
            .kubeconfig("a")
            .replace(
                "token: " + EmbeddedCluster.TOKEN,
                "client-certificate: /home/me/.kube/me.crt\n    client-key: /home/me/.kube/me.key");
    var broken = cluster.kubeconfig("a").replace("current-context: a", "current-context: [a, {");

    assertThatThrownBy(() -> KubeconfigCredentials.parse("a", authProvider, null))
        .hasMessageContaining("uses an auth-provider (oidc")
        .hasMessageNotContaining("s3cr3t");
    assertThatThrownBy(() -> KubeconfigCredentials.parse("a", files, null))
        .hasMessageContaining("points to credential files")
        .hasMessageContaining("client-certificate-data");
    assertThatThrownBy(() -> KubeconfigCredentials.parse("a", broken, null))
        .hasMessage(
            "Slipway.Cluster.UnsupportedKubeconfig: the kubeconfig of cluster 'a' is not valid YAML. A Lambda function can only use a bearer token (a ServiceAccount token) or an embedded client certificate and key (client-certificate-data/client-key-data), with the CA embedded (certificate-authority-data); for EKS, use an eks cluster entry instead of a kubeconfig.")
        .hasNoCause();
  }

  private ClusterConnector connector(URI eksEndpoint) {
    return connector(eksEndpoint, StaticCredentialsProvider.create(CREDENTIALS));
  }

  private ClusterConnector connector(URI eksEndpoint, AwsCredentialsProvider roleCredentials) {
    return connector(eksEndpoint, roleCredentials, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private ClusterConnector connector(
      URI eksEndpoint, AwsCredentialsProvider roleCredentials, Clock clock) {
    var eksClusters =
        new SdkEksClusters(
            region ->
                EksClient.builder()
                    .region(Region.of(region))
                    .endpointOverride(eksEndpoint)
                    .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build());
    return new ClusterConnector(
        store,
        eksClusters,
        (role, region) -> roleCredentials,
        StaticCredentialsProvider.create(CREDENTIALS),
        clock,
        new ClusterConnector.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)));
  }

  /** A fake of the EKS API: DescribeCluster of prod-eu-1 points at the embedded API server. */
  private URI startFakeEks() throws IOException {
    var ca = Base64.getEncoder().encodeToString(resource("/fixtures/tls/client.crt"));
    eks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    eks.createContext(
        "/clusters/",
        exchange -> {
          byte[] body;
          if (exchange.getRequestURI().getPath().equals("/clusters/prod-eu-1")) {
            describeCalls.incrementAndGet();
            body =
                ("{\"cluster\":{\"name\":\"prod-eu-1\",\"status\":\"ACTIVE\",\"endpoint\":\""
                        + cluster.url()
                        + "\",\"certificateAuthority\":{\"data\":\""
                        + ca
                        + "\"}}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
          } else {
            body =
                "{\"message\":\"No cluster found for name: nope.\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, body.length);
          }
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    eks.start();
    return URI.create("http://127.0.0.1:" + eks.getAddress().getPort());
  }

  private String clientCertKubeconfig() throws IOException {
    var crt = Base64.getEncoder().encodeToString(resource("/fixtures/tls/client.crt"));
    var key = Base64.getEncoder().encodeToString(resource("/fixtures/tls/client.key"));
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: onprem
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: ci
          user:
            client-certificate-data: %s
            client-key-data: %s
        contexts:
        - name: onprem
          context: {cluster: onprem, user: ci}
        current-context: onprem
        """
        .formatted(cluster.url(), crt, crt, key);
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = ClusterAccessTest.class.getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }
}
