package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.config.ConfigErrors.Problem;
import org.junit.jupiter.api.Test;

/** The {@code grafana} block: every key optional, the tag style strict. */
class GrafanaConfigTest {
  /** The smallest valid rest of a file, after the {@code grafana} block. */
  private static final String REST =
      """
      clusters: [{name: a, kubeconfig: {}, namespace: web}]
      applications:
        - {name: shop, repo: acme/shop, releaseBranches: [main],
           environments: [{name: prod, waves: [{name: all, clusters: [a]}]}]}
      """;

  private static String config(String grafana) {
    return "version: 1\ngrafana:\n" + grafana.indent(2) + REST;
  }

  @Test
  void parse_shouldReadEveryGrafanaKey() {
    Grafana g =
        ConfigParser.parse(
                ConfigParserTest.FILE,
                config(
                    """
                    url: https://grafana.example.com
                    tokenSecret: slipway/grafana/releases
                    dashboardUid: releases
                    panelId: 4
                    tags: seed
                    perCluster: true
                    """))
            .grafana();

    assertThat(g)
        .isEqualTo(
            new Grafana(
                java.net.URI.create("https://grafana.example.com"),
                "slipway/grafana/releases",
                "releases",
                4L,
                Grafana.SEED,
                true));
  }

  @Test
  void parse_shouldAcceptABlockWithoutUrl_theEnvironmentSuppliesIt() {
    Grafana g =
        ConfigParser.parse(ConfigParserTest.FILE, config("dashboardUid: releases\n")).grafana();

    assertThat(g.url()).isNull();
    assertThat(g.tags()).isNull();
    assertThat(g.dashboardUid()).isEqualTo("releases");
  }

  @Test
  void parse_shouldNameTheAllowedTagStyles_whenTheStyleIsUnknown() {
    Problem p = ConfigParserTest.onlyProblem(config("tags: spinnaker\n"));

    assertThat(p.field()).isEqualTo("grafana.tags");
    assertThat(p.line()).isEqualTo(3);
    assertThat(p.message())
        .isEqualTo("'spinnaker' is not one of: keyed, seed (keyed is the default)");
  }

  @Test
  void parse_shouldQuoteOnlyAShortPrefix_ofALongTagStyle() {
    Problem p = ConfigParserTest.onlyProblem(config("tags: " + "x".repeat(200) + "\n"));

    assertThat(p.message()).startsWith("'" + "x".repeat(20) + "…'").hasSizeLessThan(80);
  }

  @Test
  void parse_shouldRefuseATokenSecretOutsideSlipwayGrafana_theStackGrantsOnlyThose() {
    Problem p = ConfigParserTest.onlyProblem(config("tokenSecret: prod/db-password\n"));

    assertThat(p.field()).isEqualTo("grafana.tokenSecret");
    assertThat(p.message()).contains("under slipway/grafana/", "grafanaTokenSecrets");
    assertThat(
            ConfigParser.parse(
                    ConfigParserTest.FILE,
                    config(
                        "tokenSecret: arn:aws:secretsmanager:eu-west-1:111122223333:secret:"
                            + "slipway/grafana/releases-AbCdEf\n"))
                .grafana()
                .tokenSecret())
        .endsWith("slipway/grafana/releases-AbCdEf");
  }

  @Test
  void parse_shouldRejectAPanelIdThatIsNotPositive_andAnUnknownKey() {
    assertThat(ConfigParserTest.onlyProblem(config("panelId: 0\n")).field())
        .isEqualTo("grafana.panelId");
    assertThat(ConfigParserTest.onlyProblem(config("panel: 3\n")).message())
        .startsWith("unknown field 'panel'");
  }
}
