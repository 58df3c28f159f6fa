package dev.slipway.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.config.Confinement;
import dev.slipway.model.SlipwayException;
import dev.slipway.store.InMemoryArtifactStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The app's confinement, enforced on rendered templates (docs/configuration.md#confinement). */
class ConfinementCheckTest {
  private final InMemoryArtifactStore store = new InMemoryArtifactStore();
  private final ManifestService service = new ManifestService(store);
  private final ManifestRequest release = Fixtures.release();

  ConfinementCheckTest() {
    Fixtures.uploadTemplates(store, "shop");
  }

  @Test
  void generate_shouldRefuseAClusterRoleBindingToClusterAdmin_namingObjectFileRuleAndSetting() {
    extra(forbidden("cluster-admin-binding.yaml"));

    assertForbidden(
        Confinement.STRICT,
        "templates/shop/zz-extra.yaml:2: ClusterRoleBinding/pwn is cluster-scoped",
        "application 'shop'",
        "add ClusterRoleBinding to allowedClusterKinds");
    // allowing the kind is not enough: the binding still names cluster-admin
    assertForbidden(
        policy(List.of(), List.of("ClusterRoleBinding"), false, false),
        "ClusterRoleBinding/pwn binds the ClusterRole 'cluster-admin'",
        "set allowAdminBindings: true");
    assertAllowed(policy(List.of(), List.of("ClusterRoleBinding"), false, true));
  }

  @Test
  void generate_shouldRefuseAnObjectInAnotherNamespace_unlessTheAppAllowsThatNamespace() {
    extra(forbidden("kube-system-configmap.yaml"));

    assertForbidden(
        Confinement.STRICT,
        "templates/shop/zz-extra.yaml:2: ConfigMap/kube-system/coredns is in namespace"
            + " 'kube-system', but this cluster's namespace is 'shop'",
        "add kube-system to allowedNamespaces");
    assertForbidden(policy(List.of("shop-batch"), List.of(), true, true), "kube-system");
    assertAllowed(policy(List.of("kube-system"), List.of(), false, false));
  }

  @Test
  void generate_shouldRefuseANamespace_unlessTheAppListsTheKind() {
    extra(forbidden("namespace.yaml"));

    assertForbidden(
        Confinement.STRICT,
        "Namespace/shop-batch is cluster-scoped",
        "add Namespace to allowedClusterKinds");
    // a namespace the app may write to is not a Namespace object it may create
    assertForbidden(
        policy(List.of("shop-batch"), List.of("PriorityClass"), true, true), "Namespace");
    assertAllowed(policy(List.of(), List.of("Namespace"), false, false));
  }

  @Test
  void generate_shouldRefuseARoleWithWildcards_unlessTheAppAllowsThem() {
    extra(forbidden("wildcard-role.yaml"));

    assertForbidden(
        Confinement.STRICT,
        "Role/everything grants '*' in rules[1].apiGroups",
        "set allowRbacWildcards: true");
    assertForbidden(policy(List.of(), List.of("Role"), false, true), "allowRbacWildcards");
    assertAllowed(policy(List.of(), List.of(), true, false));
  }

  @Test
  void generate_shouldRefuseARoleBindingToAdmin_unlessTheAppAllowsIt() {
    extra(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: shop-admin}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
        subjects: [{kind: ServiceAccount, name: shop-api, namespace: shop}]
        """);

    assertForbidden(
        Confinement.STRICT,
        "RoleBinding/shop-admin binds the ClusterRole 'admin'",
        "set allowAdminBindings: true");
    assertAllowed(policy(List.of(), List.of(), false, true));
  }

  @Test
  void generate_shouldRefuseAnAggregatedClusterRole_evenWhenClusterRolesAreAllowed() {
    extra(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: collects-everything}
        aggregationRule:
          clusterRoleSelectors: [{matchLabels: {kubernetes.io/bootstrapping: rbac-defaults}}]
        """);

    assertForbidden(
        policy(List.of(), List.of("ClusterRole"), false, false),
        "ClusterRole/collects-everything has an aggregationRule");
    assertAllowed(policy(List.of(), List.of("ClusterRole"), true, false));
  }

  @Test
  void generate_shouldRefuseACustomResourceInAnotherNamespace() {
    extra(
        """
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: steal, namespace: monitoring}
        spec: {selector: {}}
        """);

    assertForbidden(Confinement.STRICT, "ServiceMonitor/monitoring/steal is in namespace");
  }

  @Test
  void generate_shouldKeepAnObjectWithoutNamespace_forTheDeployToPutInTheClustersNamespace() {
    extra(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: no-namespace}
        """);

    ManifestResult result = service.generate(release);

    assertThat(result.manifests().get(0).objects())
        .contains(new ObjectRef("v1", "ConfigMap", null, "no-namespace"));
  }

  @Test
  void generate_shouldCheckEachClusterAgainstItsOwnNamespace() {
    var s = release.appSettings();
    var split =
        with(
            new ManifestRequest.AppSettings(
                s.progressDeadlineSeconds(),
                s.crds(),
                s.parameters(),
                java.util.Map.of("core-1", "shop", "edge-1", "shop-edge"),
                s.confinement()));

    assertThatThrownBy(() -> service.generate(split))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("this cluster's namespace is 'shop-edge'");
  }

  @Test
  void safe_shouldNotEchoAHostileNameWhole() {
    assertThat(ConfinementCheck.safe("web-1.api")).isEqualTo("web-1.api");
    assertThat(ConfinementCheck.safe("a\u2028---\u2028kind: ClusterRoleBinding and much more"))
        .isEqualTo("a?---?kind??ClusterR...");
  }

  private static String forbidden(String file) {
    try {
      return java.nio.file.Files.readString(Fixtures.events("manifests/forbidden/" + file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void extra(String yaml) {
    Fixtures.put(store, "templates/shop/zz-extra.yaml", yaml);
  }

  private static Confinement policy(
      List<String> namespaces, List<String> kinds, boolean wildcards, boolean adminBindings) {
    return new Confinement(namespaces, kinds, wildcards, adminBindings);
  }

  private ManifestRequest with(ManifestRequest.AppSettings settings) {
    return Fixtures.withSettings(release, settings);
  }

  private ManifestRequest with(Confinement policy) {
    var s = release.appSettings();
    return with(
        new ManifestRequest.AppSettings(
            s.progressDeadlineSeconds(), s.crds(), s.parameters(), s.namespaces(), policy));
  }

  private void assertForbidden(Confinement policy, String... messageParts) {
    assertThatThrownBy(() -> service.generate(with(policy)))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.errorName()).isEqualTo(ManifestErrors.FORBIDDEN))
        .hasMessageContaining("docs/configuration.md#confinement")
        .satisfies(
            e -> {
              for (String part : messageParts) {
                assertThat(e.getMessage()).contains(part);
              }
            });
    assertThat(store.list("artifacts/")).isEmpty();
  }

  private void assertAllowed(Confinement policy) {
    ManifestResult result = service.generate(with(policy));
    assertThat(result.manifests()).hasSize(2);
  }
}
