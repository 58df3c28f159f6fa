package dev.slipway.local.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
  private ScheduledExecutorService ticker;

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

  /**
   * How many requests that could change the cluster it has received (every method but GET and HEAD,
   * dry runs excepted), faulted ones included: tests check that a step wrote nothing.
   */
  public long writeRequests() {
    return dispatcher.writes();
  }

  public Faults faults() {
    return faults;
  }

  public RolloutSimulator simulator() {
    return simulator;
  }

  /**
   * Runs the simulator in the background, one tick per {@code period}, until {@link #close()}: what
   * {@code slipway run} needs, where nobody calls {@link RolloutSimulator#tick()} by hand.
   */
  public synchronized EmbeddedCluster startTicking(Duration period) {
    if (ticker == null) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                var t = new Thread(r, "embedded-cluster-rollout-simulator");
                t.setDaemon(true);
                return t;
              });
      ticker.scheduleWithFixedDelay(
          this::tickQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  private void tickQuietly() {
    try {
      simulator.tick();
    } catch (RuntimeException e) {
      // e.g. a status write that lost a race with an apply: the next tick catches up; an
      // exception escaping here would stop the schedule for good
      MOCK_LOG.fine(() -> "rollout simulator tick failed: " + e);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (ticker != null) {
        ticker.shutdownNow();
      }
    }
    client.close();
    server.destroy();
  }
}
