package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.infra.InfraConfig.InfraConfigException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InfraConfigTest {

  @Test
  @DisplayName("the fixture config reads with every field")
  void read_shouldReadEveryField() {
    InfraConfig c = InfraConfig.read(SynthesizedSlipway.FIXTURES.resolve("infra-config.json"));
    assertThat(c.clusters()).hasSize(3);
    assertThat(c.clusters().get(0).eksClusterName()).isEqualTo("prod-eu-1");
    assertThat(c.clusters().get(2).eksClusterName()).isNull();
    assertThat(c.grafanaUrl()).isEqualTo("https://grafana.example.com");
    assertThat(c.staticSync().sourceBuckets()).containsExactly("static-src");
    assertThat(c.logRetentionDays()).isEqualTo(30);
    assertThat(c.reservedConcurrency()).isTrue();
  }

  @Test
  @DisplayName("the example config in infra/ (docs/deploy-aws.md's starting point) is valid")
  void read_shouldAcceptTheShippedExample() {
    InfraConfig c = InfraConfig.read(java.nio.file.Path.of("slipway-infra.example.json"));
    assertThat(c.clusters())
        .extracting(InfraConfig.Cluster::name)
        .containsExactly("prod-eu", "prod-us", "onprem-lab");
    assertThat(c.slipwayConfigFile()).isEqualTo("../slipway.yaml");
  }

  @Test
  @DisplayName("an empty object gives the documented defaults")
  void parse_shouldDefault_whenEmpty() {
    InfraConfig c = InfraConfig.parse("{}", "t.json");
    assertThat(c).isEqualTo(InfraConfig.defaults());
    assertThat(c.clusters()).isEmpty();
    assertThat(c.logRetentionDays()).isEqualTo(90);
    assertThat(c.apiRateLimit()).isEqualTo(10.0);
    assertThat(c.apiBurstLimit()).isEqualTo(20);
  }

  @Test
  @DisplayName("grafanaTokenSecrets: names and prefixes under slipway/grafana/, a bad one unquoted")
  void grafanaTokenSecrets_shouldBeUnderThePrefix_andNeverQuoted() {
    assertThat(
            InfraConfig.parse(
                    "{\"grafanaTokenSecrets\": [\"slipway/grafana/checkout\", \"slipway/grafana/*\"]}",
                    "t.json")
                .grafanaTokenSecrets())
        .containsExactly("slipway/grafana/checkout", "slipway/grafana/*");
    assertThat(InfraConfig.defaults().grafanaTokenSecrets()).isEmpty();
    assertThatThrownBy(
            () -> InfraConfig.parse("{\"grafanaTokenSecrets\": [\"glsa_hunter2\"]}", "t.json"))
        .hasMessageContaining("grafanaTokenSecrets[0]")
        .hasMessageNotContaining("hunter2");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"clusterz\": []}                                   | Unrecognized field \"clusterz\"",
        "{\"clusters\": [{\"name\": \"a/b\"}]}                   | clusters[0].name",
        "{\"clusters\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}   | 'a' is used twice",
        "{\"clusters\": [{\"name\": \"a\", \"roleArn\": \"admin\"}]} | clusters[0].roleArn 'admin' is not an IAM role ARN",
        "{\"clusters\": [{\"name\": \"a\", \"region\": \"mars\"}]}  | clusters[0].region 'mars'",
        "{\"grafanaUrl\": \"grafana.local\"}                     | grafanaUrl 'grafana.local' is not an http(s) URL",
        "{\"prometheusWorkspaceArn\": \"ws-1\"}                  | prometheusWorkspaceArn 'ws-1'",
        "{\"logRetentionDays\": 10}                            | logRetentionDays 10",
        "{\"vpc\": {\"vpcId\": \"vpc-1\"}}                         | vpc.subnetIds",
        "{\"staticSync\": {\"sourceBuckets\": [\"Bad_Bucket\"]}}   | staticSync.sourceBuckets",
        "{\"alarmEmail\": \"oncall\"}                            | alarmEmail 'oncall'",
        "{\"grafanaTokenSecrets\": [\"prod/db-password\"]}       | grafanaTokenSecrets[0] must be a Secrets Manager name under slipway/grafana/",
        "{\"grafanaTokenSecrets\": [\"slipway/grafana/\"]}       | grafanaTokenSecrets[0]",
        "not json                                            | not a valid Slipway infra config"
      })
  @DisplayName("a bad config fails with the file name and the field")
  void parse_shouldRejectWithFieldName_whenInvalid(String json, String message) {
    assertThatThrownBy(() -> InfraConfig.parse(json, "my-slipway.json"))
        .isInstanceOf(InfraConfigException.class)
        .hasMessageStartingWith("my-slipway.json: ")
        .hasMessageContaining(message);
  }
}
