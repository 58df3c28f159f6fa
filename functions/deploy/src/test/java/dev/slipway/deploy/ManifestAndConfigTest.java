package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.Json;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestAndConfigTest {

  @Test
  void parse_shouldExpandListsAndSkipEmptyDocuments() {
    var objects =
        Manifest.parse(
            "m.yaml",
            """
            ---
            # only a comment
            ---
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
            - {apiVersion: v1, kind: Secret, metadata: {name: b}, stringData: {k: v}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: c}
            """);

    assertThat(objects)
        .extracting(o -> o.path("metadata").path("name").asText())
        .containsExactly("a", "b", "c");
  }

  @Test
  void parse_shouldGiveTheLineButNotTheContent_whenTheYamlIsBroken() {
    assertThatThrownBy(
            () ->
                Manifest.parse(
                    "m.yaml",
                    "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData:\n  password: [hunter2\n"))
        .hasMessageStartingWith(
            "Slipway.Deploy.InvalidManifest: the manifest m.yaml is not valid YAML (line")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void config_shouldUseDefaults_andRejectNonsense() {
    var defaults = DeployConfig.from(Map.of());
    var custom =
        DeployConfig.from(
            Map.of("SLIPWAY_K8S_READ_TIMEOUT", "12", "SLIPWAY_APPLY_PARALLELISM", "8"));

    assertThat(defaults)
        .isEqualTo(new DeployConfig(Duration.ofSeconds(5), Duration.ofSeconds(30), 4));
    assertThat(custom.readTimeout()).isEqualTo(Duration.ofSeconds(12));
    assertThat(custom.parallelism()).isEqualTo(8);
    assertThatThrownBy(() -> DeployConfig.from(Map.of("SLIPWAY_APPLY_PARALLELISM", "0")))
        .hasMessageStartingWith(
            "Slipway.Config.Invalid: SLIPWAY_APPLY_PARALLELISM must be a positive whole number, not '0'");
  }

  @Test
  void clusterRef_shouldReadTheInfraConfigsFlatEksEntry() throws Exception {
    var flat =
        Json.mapper()
            .readValue(
                "{\"name\": \"prod-us\", \"eksClusterName\": \"prod-us-1\", \"region\": \"us-east-1\","
                    + " \"roleArn\": \"arn:aws:iam::444455556666:role/slipway-deployer\"}",
                ClusterRef.class);
    var nested =
        Json.mapper()
            .readValue(Json.mapper().writeValueAsString(flat.validated()), ClusterRef.class);

    assertThat(flat.eks())
        .isEqualTo(
            new ClusterRef.Eks(
                "prod-us-1", "us-east-1", "arn:aws:iam::444455556666:role/slipway-deployer"));
    assertThat(nested).isEqualTo(flat.validated());
  }

  @Test
  void clusterRef_shouldDefaultTheKubeconfigKeyAndNamespace_andRefuseAmbiguity() {
    var ref = new ClusterRef("onprem-1", null, null, null).validated();

    assertThat(ref.kubeconfig().key()).isEqualTo("kubeconfigs/onprem-1");
    assertThat(ref.namespace()).isEqualTo("default");
    assertThatThrownBy(
            () ->
                new ClusterRef(
                        "x",
                        new ClusterRef.Eks("c", "eu-west-1", null),
                        new ClusterRef.Kubeconfig(null, null),
                        null)
                    .validated())
        .hasMessageStartingWith(
            "Slipway.Cluster.InvalidRef: cluster 'x' sets both eks and kubeconfig");
    assertThatThrownBy(
            () -> new ClusterRef("x", new ClusterRef.Eks("c", null, null), null, null).validated())
        .hasMessageContaining("eks needs the cluster name and its region");
  }
}
