package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.config.Confinement;
import dev.slipway.store.Keys;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/rbac/slipway-deployer.yaml, the least-privilege deploy identity the docs ship, stays valid
 * Kubernetes, namespaced and free of wildcards: Slipway's own strict confinement deploys it.
 */
class DeployerRbacExampleTest {
  private static final Path EXAMPLE = Path.of("../../docs/rbac/slipway-deployer.yaml");

  private final ClusterFixture fixture = new ClusterFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void example_shouldBeNamespacedKubernetesObjects_withoutClusterRolesOrWildcards()
      throws Exception {
    byte[] yaml = Files.readAllBytes(EXAMPLE);

    List<HasMetadata> objects =
        fixture.cluster.client().load(new ByteArrayInputStream(yaml)).items();

    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactly("ServiceAccount", "Role", "RoleBinding");
    assertThat(objects)
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("checkout"));
    Role role = (Role) objects.get(1);
    Set<String> verbs = new TreeSet<>();
    for (PolicyRule rule : role.getRules()) {
      verbs.addAll(rule.getVerbs());
      assertThat(rule.getVerbs()).doesNotContain("*");
      assertThat(rule.getResources()).noneMatch(r -> r.contains("*"));
      assertThat(rule.getApiGroups()).doesNotContain("*");
    }
    // exactly the calls KubernetesClusterClient makes
    assertThat(verbs).containsExactly("create", "delete", "get", "list", "patch");
    assertThat(role.getRules())
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).contains("pods", "events");
              assertThat(r.getVerbs()).containsExactly("list");
            });
    RoleBinding binding = (RoleBinding) objects.get(2);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
  }

  @Test
  void example_shouldPassSlipwaysStrictConfinement_andApply() throws Exception {
    var key = Keys.manifest("api", "rbac", ClusterFixture.CLUSTER);
    fixture.store.put(key, Files.readAllBytes(EXAMPLE), "application/yaml");
    var strict =
        fixture.module((app, cluster) -> new Confinements.Policy(Confinement.STRICT, "checkout"));

    var result =
        strict
            .deployService()
            .deploy(
                new DeployService.Request(
                    "api",
                    "exec-rbac",
                    new ClusterRef(ClusterFixture.CLUSTER, null, null, "checkout"),
                    key,
                    null));

    assertThat(result.objects())
        .extracting(AppliedObject::kind)
        .containsExactly("ServiceAccount", "Role", "RoleBinding");
    assertThat(
            fixture
                .cluster
                .client()
                .rbac()
                .roleBindings()
                .inNamespace("checkout")
                .withName("slipway-deployer")
                .get())
        .isNotNull();
  }
}
