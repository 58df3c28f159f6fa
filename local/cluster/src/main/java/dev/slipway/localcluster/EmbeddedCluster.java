package dev.slipway.localcluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded Kubernetes API server of {@code slipway run} and of Slipway's tests: fabric8's mock
 * API server in CRUD mode over real HTTP on a free loopback port, with a server-side-apply shim
 * ({@link ServerSideApplyDispatcher}: create-or-merge, not real SSA), {@link Faults} to inject, and
 * a {@link RolloutSimulator} that moves workloads' status the way the controllers do.
 *
 * <p>Close it when done; nothing it starts outlives {@link #close()}.
 */
public final class EmbeddedCluster implements AutoCloseable {
  /** The bearer token {@link #kubeconfig} carries. The mock accepts any credentials. */
  public static final String TOKEN = "embedded-cluster-token";

  private final KubernetesMockServer server;
  private final ServerSideApplyDispatcher dispatcher;
  private final Faults faults = new Faults();
  private final KubernetesClient client;
  private final RolloutSimulator simulator;

  /** Kept so the level sticks: the mock logs every request at INFO. */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private EmbeddedCluster() {
    MOCK_LOG.setLevel(Level.WARNING);
    dispatcher = new ServerSideApplyDispatcher(faults);
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    simulator = new RolloutSimulator(client);
  }

  /** Starts a server on a free loopback port. */
  public static EmbeddedCluster start() {
    return new EmbeddedCluster();
  }

  /** The API server URL, e.g. {@code http://127.0.0.1:40123} (no trailing slash). */
  public String url() {
    var url = server.url("/");
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** A kubeconfig (token credentials) for this server, as Slipway reads it from the bucket. */
  public String kubeconfig(String clusterName) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: slipway
          user:
            token: %3$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: slipway
        current-context: %1$s
        """
        .formatted(clusterName, url(), TOKEN);
  }

  /** A fabric8 client for setting up and inspecting the cluster's objects. */
  public KubernetesClient client() {
    return client;
  }

  /** The Authorization header of the last request (tests check the credentials a client sent). */
  public String lastAuthorization() {
    return dispatcher.lastAuthorization();
  }

  public Faults faults() {
    return faults;
  }

  public RolloutSimulator simulator() {
    return simulator;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
