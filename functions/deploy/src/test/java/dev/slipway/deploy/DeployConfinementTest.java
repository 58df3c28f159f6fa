package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.config.Confinement;
import dev.slipway.manifests.ManifestErrors;
import dev.slipway.model.SlipwayException;
import dev.slipway.store.Keys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deploy checks the app's confinement again, from config/slipway.yaml, on the manifest it reads
 * from S3 (which someone other than the manifests step may have written), and writes nothing when
 * one object is forbidden. Against the embedded API server.
 */
class DeployConfinementTest {
  private static final Path FORBIDDEN = Path.of("../../events/manifests/forbidden");

  private final ClusterFixture fixture = new ClusterFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void deploy_shouldRefuseAClusterRoleBindingToClusterAdmin_andWriteNothing() {
    var key = manifest(forbidden("cluster-admin-binding.yaml"));

    assertForbidden(
        deployFromConfig(key), "ClusterRoleBinding/pwn is cluster-scoped", "allowedClusterKinds");
    assertForbidden(
        deploy(policy(List.of(), List.of("ClusterRoleBinding"), true, false), key),
        "binds the ClusterRole 'cluster-admin'",
        "allowAdminBindings");
    assertThat(fixture.cluster.client().rbac().clusterRoleBindings().withName("pwn").get())
        .isNull();

    deploy(policy(List.of(), List.of("ClusterRoleBinding"), false, true), key).run();
    assertThat(fixture.cluster.client().rbac().clusterRoleBindings().withName("pwn").get())
        .isNotNull();
  }

  @Test
  void deploy_shouldRefuseAConfigMapInKubeSystem_andWriteNothing() {
    var key = manifest(forbidden("kube-system-configmap.yaml"));

    assertForbidden(
        deployFromConfig(key),
        "(object 3, checked again by the deploy): ConfigMap/kube-system/coredns is in namespace"
            + " 'kube-system', but this cluster's namespace is 'shop'",
        "add kube-system to allowedNamespaces");
    assertForbidden(
        deploy(policy(List.of("shop-batch"), List.of("ConfigMap"), true, true), key),
        "kube-system");
    assertThat(configMap("kube-system", "coredns")).isFalse();

    deploy(policy(List.of("kube-system"), List.of(), false, false), key).run();
    assertThat(configMap("kube-system", "coredns")).isTrue();
  }

  @Test
  void deploy_shouldRefuseANamespace_andWriteNothing() {
    var key = manifest(forbidden("namespace.yaml"));

    assertForbidden(deployFromConfig(key), "Namespace/shop-batch is cluster-scoped");
    assertForbidden(
        deploy(policy(List.of("shop-batch"), List.of("PriorityClass"), true, true), key),
        "add Namespace to allowedClusterKinds");
    assertThat(fixture.cluster.client().namespaces().withName("shop-batch").get()).isNull();

    deploy(policy(List.of(), List.of("Namespace"), false, false), key).run();
    assertThat(fixture.cluster.client().namespaces().withName("shop-batch").get()).isNotNull();
  }

  @Test
  void deploy_shouldRefuseAWildcardRole_andWriteNothing() {
    var key = manifest(forbidden("wildcard-role.yaml"));

    assertForbidden(
        deployFromConfig(key),
        "Role/shop/everything grants '*' in rules[1].apiGroups",
        "allowRbacWildcards");
    assertThat(role("everything")).isFalse();

    deploy(policy(List.of(), List.of(), true, false), key).run();
    assertThat(role("everything")).isTrue();
  }

  @Test
  void deploy_shouldTakeTheNamespaceFromTheConfiguration_notFromItsInput() {
    var key = manifest("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: sneaky}\n");
    var elsewhere = new ClusterRef(ClusterFixture.CLUSTER, null, null, "kube-system");

    assertForbidden(
        () ->
            fixture
                .module
                .deployService()
                .deploy(new DeployService.Request("api", "exec-1", elsewhere, key, null)),
        // the Deployment without a namespace comes first
        "(object 1, checked again by the deploy): Deployment/kube-system/api is in namespace"
            + " 'kube-system', but this cluster's namespace is 'shop'");
    assertThat(configMap("kube-system", "sneaky")).isFalse();
  }

  @Test
  void deploy_shouldRefuseAnAppTheConfigurationDoesNotKnow() {
    var key = manifest(forbidden("kube-system-configmap.yaml"));

    assertThatThrownBy(
            () ->
                fixture
                    .module
                    .deployService()
                    .deploy(
                        new DeployService.Request(
                            "ghost", "exec-1", ClusterFixture.ref(), key, null)))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.errorName()).isEqualTo("Slipway.Deploy.InvalidInput"))
        .hasMessageContaining("no application 'ghost' in config/slipway.yaml");
    assertThat(configMap("kube-system", "coredns")).isFalse();
  }

  private static String forbidden(String file) {
    try {
      return Files.readString(FORBIDDEN.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Deployment and a Service the app may write, then the object under test. */
  private String manifest(String extra) {
    var key = Keys.manifest("api", "b1", ClusterFixture.CLUSTER);
    var yaml =
        ClusterFixture.deployment("api", "registry.example.com/api:1.0", 1)
            + "---\napiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec: {ports: [{port:"
            + " 80}]}\n---\n"
            + extra;
    fixture.store.put(key, yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
    return key;
  }

  /** Deploys app {@code api}, whose confinement config/slipway.yaml leaves strict. */
  private Runnable deployFromConfig(String key) {
    return () -> run(fixture.module.deployService(), key);
  }

  private Runnable deploy(Confinement policy, String key) {
    var module = fixture.module((app, cluster) -> new Confinements.Policy(policy, "shop"));
    return () -> run(module.deployService(), key);
  }

  private static void run(DeployService service, String key) {
    service.deploy(new DeployService.Request("api", "exec-1", ClusterFixture.ref(), key, null));
  }

  private static Confinement policy(
      List<String> namespaces, List<String> kinds, boolean wildcards, boolean adminBindings) {
    return new Confinement(namespaces, kinds, wildcards, adminBindings);
  }

  private void assertForbidden(Runnable deploy, String... messageParts) {
    assertThatThrownBy(deploy::run)
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.errorName()).isEqualTo(ManifestErrors.FORBIDDEN))
        .hasMessageContaining("artifacts/api/b1/manifests/embedded.yaml (object ")
        .hasMessageContaining(", checked again by the deploy)")
        .satisfies(
            e -> {
              for (String part : messageParts) {
                assertThat(e.getMessage()).contains(part);
              }
            });
    // nothing written: neither the app's own objects nor a snapshot
    var client = fixture.cluster.client();
    assertThat(client.apps().deployments().inNamespace("shop").withName("api").get()).isNull();
    assertThat(client.services().inNamespace("shop").withName("api").get()).isNull();
    assertThat(fixture.store.find(Keys.snapshot("api", ClusterFixture.CLUSTER, "exec-1")))
        .isEmpty();
  }

  private boolean configMap(String namespace, String name) {
    return fixture.cluster.client().configMaps().inNamespace(namespace).withName(name).get()
        != null;
  }

  private boolean role(String name) {
    return fixture.cluster.client().rbac().roles().inNamespace("shop").withName(name).get() != null;
  }
}
