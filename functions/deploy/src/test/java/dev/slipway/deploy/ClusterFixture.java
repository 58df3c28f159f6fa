package dev.slipway.deploy;

import dev.slipway.deploy.access.ClusterConnector;
import dev.slipway.local.cluster.EmbeddedCluster;
import dev.slipway.store.InMemoryArtifactStore;
import dev.slipway.store.Keys;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/**
 * The embedded API server (fabric8 mock in CRUD mode over real HTTP, with the create-or-merge SSA
 * shim of local/cluster: not real server-side apply) plus an in-memory artifact store holding its
 * kubeconfig, and the deploy module wired to both as in a Lambda container.
 */
final class ClusterFixture implements AutoCloseable {
  static final String CLUSTER = "embedded";
  static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");

  final EmbeddedCluster cluster = EmbeddedCluster.start();
  final InMemoryArtifactStore store = new InMemoryArtifactStore();
  final DeployWiring module;
  private final ClusterConnector connector;

  /**
   * Slipway's configuration as the deploy reads it: the clusters these tests use, all with
   * namespace {@code shop}; app {@code web} may create Namespaces and CRDs, app {@code api} has the
   * strict default confinement.
   */
  static final String CONFIG =
      """
      version: 1
      clusters:
        - {name: embedded, kubeconfig: {}, namespace: shop}
        - {name: gone, kubeconfig: {}, namespace: shop}
        - {name: gke, kubeconfig: {}, namespace: shop}
        - {name: edge, kubeconfig: {}, namespace: shop}
      applications:
        - name: web
          repo: acme/web
          releaseBranches: [main]
          environments: [{name: prod, waves: [{name: all, clusters: [embedded]}]}]
          confinement:
            allowedClusterKinds: [Namespace, CustomResourceDefinition]
        - name: db
          repo: acme/db
          releaseBranches: [main]
          environments: [{name: prod, waves: [{name: all, clusters: [embedded]}]}]
        - name: api
          repo: acme/api
          releaseBranches: [main]
          environments: [{name: prod, waves: [{name: all, clusters: [embedded]}]}]
      """;

  ClusterFixture() {
    store.put(
        Keys.kubeconfig(CLUSTER),
        cluster.kubeconfig(CLUSTER).getBytes(StandardCharsets.UTF_8),
        "application/yaml");
    store.put(Keys.CONFIG, CONFIG.getBytes(StandardCharsets.UTF_8), "application/yaml");
    connector =
        new ClusterConnector(
            store,
            (name, region, credentials) -> {
              throw new AssertionError("no EKS in these tests");
            },
            (role, region) -> AnonymousCredentialsProvider.create(),
            AnonymousCredentialsProvider.create(),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new ClusterConnector.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    module =
        new DeployWiring(
            store,
            connector,
            new DeployConfig(Duration.ofSeconds(1), Duration.ofSeconds(2), 4),
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** The deploy module with the given confinement source instead of the configuration's. */
  DeployWiring module(Confinements confinements) {
    return new DeployWiring(
        store,
        connector,
        new DeployConfig(Duration.ofSeconds(1), Duration.ofSeconds(2), 4),
        Clock.fixed(NOW, ZoneOffset.UTC),
        confinements);
  }

  static ClusterRef ref() {
    return new ClusterRef(CLUSTER, null, null, "shop");
  }

  String putManifest(String build, String yaml) {
    var key = Keys.manifest("web", build, CLUSTER);
    store.put(key, yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
    return key;
  }

  /** The live Deployment shop/web, or null. */
  Deployment web() {
    return cluster.client().apps().deployments().inNamespace("shop").withName("web").get();
  }

  static String deployment(String name, String image, int replicas) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %1$s
        spec:
          replicas: %3$d
          progressDeadlineSeconds: 60
          selector:
            matchLabels: {app: %1$s}
          template:
            metadata:
              labels: {app: %1$s}
            spec:
              containers:
              - name: app
                image: %2$s
        """
        .formatted(name, image, replicas);
  }

  static String release(String image) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 8080}]
        ---
        """
        + deployment("web", image, 3)
        + """
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-config}
        data: {LOG_LEVEL: info}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web}
        """;
  }

  @Override
  public void close() {
    cluster.close();
  }
}
