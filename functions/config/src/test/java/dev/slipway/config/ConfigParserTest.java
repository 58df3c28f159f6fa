package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.config.ConfigErrors.ConfigException;
import dev.slipway.config.ConfigErrors.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigParserTest {
  static final String FILE = "config/slipway.yaml";

  static String example() throws IOException {
    try (InputStream in =
        ConfigParserTest.class.getResourceAsStream("/events/config/slipway.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Every problem of {@code yaml}, as the exception prints it. */
  static List<String> problems(String yaml) {
    try {
      ConfigParser.parse(FILE, yaml);
    } catch (ConfigException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
    throw new AssertionError("the file parsed");
  }

  static Problem onlyProblem(String yaml) {
    try {
      ConfigParser.parse(FILE, yaml);
    } catch (ConfigException e) {
      assertThat(e.errorName()).isEqualTo("Slipway.Config.Invalid");
      assertThat(e.problems()).hasSize(1);
      return e.problems().get(0);
    }
    throw new AssertionError("expected Slipway.Config.Invalid for:\n" + yaml);
  }

  @Test
  void parse_shouldReadEveryFieldOfTheExample() throws IOException {
    SlipwayConfig c = ConfigParser.parse(FILE, example());

    assertThat(c.version()).isEqualTo(1);
    assertThat(c.grafana().url()).hasToString("https://grafana.example.com");
    assertThat(c.clusters())
        .extracting(Cluster::name)
        .containsExactly("core-1", "edge-1", "edge-2");
    Cluster core = c.cluster("core-1").orElseThrow();
    assertThat(core.isEks()).isTrue();
    assertThat(core.eks().roleArn()).isEqualTo("arn:aws:iam::123456789012:role/slipway-deployer");
    assertThat(c.cluster("edge-2").orElseThrow().kubeconfig().key())
        .isEqualTo("kubeconfigs/edge-2");
    assertThat(c.prometheusFor(c.cluster("edge-1").orElseThrow()).orElseThrow().url().getHost())
        .isEqualTo("thanos.eu-west-1.example.com");
    assertThat(c.prometheusFor(core).orElseThrow().url().getPort()).isEqualTo(9090);
    Prometheus edge = c.cluster("edge-1").orElseThrow().prometheus();
    assertThat(edge.authSecret()).isEqualTo("slipway/prometheus/thanos-eu");
    assertThat(edge.headers()).containsExactly(java.util.Map.entry("THANOS-TENANT", "checkout"));
    assertThat(edge.labelMatchers()).isEqualTo("cluster=\"prod-edge-1\"");
    assertThat(c.prometheus().labelMatchers()).isEmpty();

    Application checkout = c.application("checkout").orElseThrow();
    assertThat(checkout.componentName()).isEqualTo("checkout-api");
    assertThat(checkout.triggers())
        .containsExactly(Trigger.JENKINS, Trigger.BUILD, Trigger.GITHUB_REGISTRY_PACKAGE);
    Environment prod = checkout.environment("prod").orElseThrow();
    assertThat(prod.waves()).extracting(Environment.Wave::name).containsExactly("core", "edge");
    assertThat(prod.waves().get(1).clusters()).containsExactly("edge-1", "edge-2");
    assertThat(prod.canaryGateWave().orElseThrow().name()).isEqualTo("core");
    assertThat(prod.approvalRequired()).isTrue();
    assertThat(checkout.canaryConfigKey()).isEqualTo("config/canary/checkout.json");
    assertThat(c.application("catalog").orElseThrow().environment("dev").orElseThrow())
        .returns(false, Environment::approvalRequired);
  }

  @Test
  void environmentForBranch_shouldPickTheFirstEnvironmentThatTakesTheBranch() throws IOException {
    Application checkout =
        ConfigParser.parse(FILE, example()).application("checkout").orElseThrow();

    assertThat(checkout.environmentForBranch("release/2.4")).map(Environment::name).hasValue("stg");
    assertThat(checkout.environmentForBranch("main")).map(Environment::name).hasValue("stg");
    assertThat(checkout.environmentForBranch("release/2.4/hotfix")).isEmpty();
    assertThat(checkout.environmentForBranch("feature/x")).isEmpty();
    assertThat(checkout.environmentForTag("v2.4.0")).map(Environment::name).hasValue("prod");
    assertThat(checkout.environmentForTag("nightly")).isEmpty();
  }

  @Test
  void applicationsForRepo_shouldMatchEveryFormOfTheSameRepository() throws IOException {
    SlipwayConfig c = ConfigParser.parse(FILE, example());

    for (String url :
        new String[] {
          "https://github.com/acme/catalog",
          "https://github.com/Acme/Catalog.git",
          "git@github.com:acme/catalog.git",
          "ssh://git@github.com/acme/catalog",
          "acme/catalog"
        }) {
      assertThat(c.applicationsForRepo(url))
          .extracting(Application::name)
          .containsExactly("catalog");
    }
    assertThat(c.applicationsForRepo("https://github.com/acme/other")).isEmpty();
    assertThat(c.applicationsForRepo("")).isEmpty();
  }

  /** The smallest valid file: every optional field omitted. */
  static final String MINIMAL =
      """
      version: 1
      clusters:
        - name: a
          kubeconfig: {}
          namespace: web
      applications:
        - name: shop
          repo: acme/shop
          releaseBranches: [main]
          environments:
            - name: prod
              waves: [{name: all, clusters: [a]}]
            - name: qa
              waves: [{name: all, clusters: [a]}]
      """;

  @Test
  void defaults_shouldApplyWhenOptionalFieldsAreOmitted() {
    SlipwayConfig c = ConfigParser.parse(FILE, MINIMAL);
    Application shop = c.application("shop").orElseThrow();
    assertThat(shop.triggers()).isEqualTo(Application.DEFAULT_TRIGGERS);
    assertThat(shop.componentName()).isEqualTo("shop");
    assertThat(shop.manifestTemplatesPrefix()).isEqualTo("templates/shop/");
    assertThat(shop.canaryConfigKey()).isEqualTo("config/canary/shop.json");
    assertThat(shop.environment("prod").orElseThrow().approvalRequired()).isTrue();
    assertThat(shop.environment("qa").orElseThrow().approvalRequired()).isFalse();
    assertThat(shop.environment("prod").orElseThrow().canaryGateWave()).isEmpty();
    assertThat(shop.confinementPolicy()).isEqualTo(Confinement.STRICT);
    assertThat(shop.confinementPolicy().allowedNamespaces()).isEmpty();
    assertThat(shop.confinementPolicy().allowedClusterKinds()).isEmpty();
    assertThat(shop.confinementPolicy().rbacWildcards()).isFalse();
    assertThat(shop.confinementPolicy().adminBindings()).isFalse();
  }

  @Test
  void labelMatchers_shouldKeepTheFilesOrderAndEscapeValuesAsPromQlStrings() {
    String yaml =
        MINIMAL.replace(
            "version: 1\n",
            """
            version: 1
            prometheus:
              url: http://thanos:9090
              extraLabels:
                zone: 'eu "west"'
                cluster: 'a\\b'
            """);
    Prometheus p = ConfigParser.parse(FILE, yaml).prometheus();
    assertThat(p.labelMatchers()).isEqualTo("zone=\"eu \\\"west\\\"\",cluster=\"a\\\\b\"");
  }

  @Test
  void parse_shouldReadAnApplicationsConfinement() throws IOException {
    Confinement storefront =
        ConfigParser.parse(FILE, example())
            .application("storefront")
            .orElseThrow()
            .confinementPolicy();

    assertThat(storefront.allowedNamespaces()).containsExactly("storefront-jobs");
    assertThat(storefront.allowedClusterKinds()).containsExactly("PriorityClass");
    assertThat(storefront.rbacWildcards()).isFalse();
    assertThat(storefront.adminBindings()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown field            | component: checkout-api | componet: checkout-api | 38 | applications[0].componet | unknown field 'componet'
          wrong type               | version: 1 | version: one | 3 | version | must be 1, was 'one'
          unknown cluster in wave  | clusters: [edge-1, edge-2] | clusters: [edge-1, edge-3] | 59 | applications[0].environments[1].waves[1].clusters[1] | no cluster named 'edge-3'
          canary gate not a wave   | canaryGate: core\\n    canary: | canaryGate: middle\\n    canary: | 60 | applications[0].environments[1].canaryGate | no wave named 'middle'
          bad region               | region: eu-west-1 | region: Ireland | 23 | clusters[1].eks.region | 'Ireland' is not an AWS region name
          bad role ARN             | roleArn: arn:aws:iam::123456789012:role/slipway-deployer | roleArn: slipway-deployer | 18 | clusters[0].eks.roleArn | not an IAM role ARN
          unknown trigger          | triggers: [jenkins, build, github-registry-package] | triggers: [jenkins, gitlab] | 40 | applications[0].triggers[1] | 'gitlab' is not one of: jenkins, build
          image with a tag         | runtime: ghcr.io/acme/catalog | runtime: ghcr.io/acme/catalog:latest | 72 | applications[1].images.runtime | without a tag
          duplicate key            | component: checkout-api | component: checkout-api\\n    component: again | 39 | applications[0].component | Duplicate field 'component'
          bad YAML                 | releaseBranches: [main, "release/*"] | releaseBranches: [main, "release/* | 39 | (file) | not valid YAML: while parsing a flow sequence: expected ',' or ']'
          approval not a boolean   | approval: false | approval: "no" | 76 | applications[1].environments[0].approval | must be true or false, was the string 'no'
          confinement namespace    | allowedNamespaces: [storefront-jobs] | allowedNamespaces: [Jobs_1] | 102 | applications[2].confinement.allowedNamespaces[0] | 'Jobs_1' must be lower-case letters
          confinement kind         | allowedClusterKinds: [PriorityClass] | allowedClusterKinds: [priorityclasses] | 103 | applications[2].confinement.allowedClusterKinds[0] | must be a Kubernetes kind as manifests spell it
          confinement unknown key  | allowRbacWildcards: false | allowRBACWildcards: false | 104 | applications[2].confinement.allowRBACWildcards | unknown field 'allowRBACWildcards'
          confinement not boolean  | allowAdminBindings: false | allowAdminBindings: "yes" | 105 | applications[2].confinement.allowAdminBindings | must be true or false
          prometheus user-info     | url: https://thanos.eu-west-1.example.com | url: https://ops:hunter2@thanos.example.com | 26 | clusters[1].prometheus.url | must not carry credentials
          prometheus auth header   | headers: {THANOS-TENANT: checkout} | headers: {Authorization: Bearer hunter2} | 28 | clusters[1].prometheus.headers.Authorization | credentials never go in this file
          prometheus label name    | extraLabels: {cluster: prod-edge-1} | extraLabels: {k8s-cluster: prod-edge-1} | 29 | clusters[1].prometheus.extraLabels.k8s-cluster | is not a Prometheus label name
          prometheus label value   | extraLabels: {cluster: prod-edge-1} | extraLabels: {cluster: } | 29 | clusters[1].prometheus.extraLabels.cluster | needs a value
          prometheus unknown key   | extraLabels: {cluster: prod-edge-1} | labels: {cluster: prod-edge-1} | 29 | clusters[1].prometheus.labels | unknown field 'labels'
          prometheus secret value  | authSecret: slipway/prometheus/thanos-eu | authSecret: "Bearer hunter2" | 27 | clusters[1].prometheus.authSecret | not the credentials themselves
          prometheus secret scope  | authSecret: slipway/prometheus/thanos-eu | authSecret: prod/db-password | 27 | clusters[1].prometheus.authSecret | must name a secret under slipway/prometheus/
          """)
  void parse_shouldNameFileLineAndField_whenTheFileIsWrong(
      String what, String from, String to, int line, String field, String message)
      throws IOException {
    String yaml = example();
    String fromText = from.replace("\\n", "\n");
    assertThat(yaml).as(what).contains(fromText);
    Problem p =
        onlyProblem(
            yaml.replaceFirst(java.util.regex.Pattern.quote(fromText), to.replace("\\n", "\n")));

    assertThat(p.file()).isEqualTo(FILE);
    assertThat(p.field()).as(what + ": " + p).isEqualTo(field);
    assertThat(p.message()).as(what + ": " + p).contains(message);
    assertThat(p.line()).as(what + ": " + p).isEqualTo(line);
    assertThat(p.message()).as("a credential is never quoted back").doesNotContain("hunter2");
  }

  @ParameterizedTest(name = "release.canary.windows: {0}")
  @CsvSource({
    "seed, ",
    "default, ",
    "Seed, is not a window preset; use default or seed",
    "'[seed]', is not a window preset"
  })
  void parse_shouldAcceptOnlyKnownWindowPresets(String value, String problem) throws IOException {
    String anchor = "    canary:\n      config: config/canary/checkout.json\n";
    String yaml = example();
    assertThat(yaml).contains(anchor);
    String withRelease =
        yaml.replace(anchor, anchor + "    release:\n      canary: {windows: " + value + "}\n");
    if (problem == null) {
      SlipwayConfig c = ConfigParser.parse(FILE, withRelease);
      assertThat(
              c.application("checkout")
                  .orElseThrow()
                  .releaseSettings()
                  .canary()
                  .get("windows")
                  .asText())
          .isEqualTo(value);
      return;
    }
    Problem p = onlyProblem(withRelease);
    assertThat(p.field()).isEqualTo("applications[0].release.canary.windows");
    assertThat(p.message()).contains(problem).doesNotContain("[seed]");
  }

  @Test
  void parse_shouldReportEveryProblem_andTheExceptionMessageSaysWhatToDo() {
    assertThatThrownBy(
            () ->
                ConfigParser.parse(
                    FILE,
                    """
                    version: 2
                    clusters:
                      - name: Core_1
                        namespace: web
                    applications: []
                    """))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.problems())
                  .extracting(Problem::field)
                  .containsExactly("version", "clusters[0].name", "clusters[0]", "applications");
              assertThat(e.getMessage())
                  .startsWith("Slipway.Config.Invalid: config/slipway.yaml:1:1 version: must be 1")
                  .contains("config/slipway.yaml:3:5 clusters[0].name: 'Core_1' must be lower-case")
                  .contains("set exactly one of 'eks'")
                  .endsWith("docs/configuration.md documents every field) and upload it again.");
            });
  }

  @Test
  void parse_shouldRejectAnEmptyFile() {
    assertThat(onlyProblem("").message()).isEqualTo("the file is empty");
  }

  @Test
  void validation_shouldRejectAClusterInTwoWavesAndTheBuildImageAsRuntimeImage() {
    String yaml =
        """
        version: 1
        clusters:
          - {name: a, kubeconfig: {}, namespace: web}
        applications:
          - name: shop
            repo: acme/shop
            releaseBranches: [main]
            images: {runtime: ghcr.io/acme/shop, build: ghcr.io/acme/shop}
            environments:
              - name: dev
                waves:
                  - {name: one, clusters: [a]}
                  - {name: two, clusters: [a]}
        """;
    assertThat(problems(yaml))
        .containsExactly(
            "config/slipway.yaml:8:42 applications[0].images.build: the build image must"
                + " not be the runtime image",
            "config/slipway.yaml:13:36 applications[0].environments[0].waves[1].clusters[0]:"
                + " cluster 'a' is already in wave 'one' of this environment");
  }

  @Test
  void parse_shouldReportEveryProblemAtOnce_eachWithLineAndColumn() {
    String yaml =
        """
        version: 1
        clusters:
          - name: core
            kubeconfig: {}
            namespace: web
            zone: a
        applications:
          - name: shop
            repo: acme/shop
            releaseBranches: [main]
            triggers: [jenkins, gitlab]
            environments:
              - name: dev
                approval: "no"
                waves:
                  - {name: one, clusters: [core, edge]}
            release:
              progressDeadlineSeconds: ten
              maxParallelClusters: 0
        """;

    assertThat(problems(yaml))
        .containsExactly(
            "config/slipway.yaml:6:5 clusters[0].zone: unknown field 'zone' (known:"
                + " name, eks, kubeconfig, namespace, prometheus)",
            "config/slipway.yaml:11:25 applications[0].triggers[1]: 'gitlab' is not"
                + " one of: jenkins, build, github-push, github-release,"
                + " github-workflow-run, github-registry-package",
            "config/slipway.yaml:14:9 applications[0].environments[0].approval: must"
                + " be true or false, was the string 'no'",
            "config/slipway.yaml:16:42 applications[0].environments[0].waves[0]"
                + ".clusters[1]: no cluster named 'edge' (defined: core)",
            "config/slipway.yaml:18:7 applications[0].release.progressDeadlineSeconds:"
                + " must be an integer, was the string 'ten'",
            "config/slipway.yaml:19:7 applications[0].release.maxParallelClusters:"
                + " must be a positive number, got 0");
  }

  @Test
  void marks_shouldPlaceEveryKeyAtItsLineAndColumn() {
    var marks =
        ConfigParser.marks(
            """
            a:
              b: [x, {c: 1}]
              d:
                - e: 2
            """);

    assertThat(marks.get("a")).isEqualTo(new ConfigParser.Mark(1, 1));
    assertThat(marks.get("a.b")).isEqualTo(new ConfigParser.Mark(2, 3));
    assertThat(marks.get("a.b[0]")).isEqualTo(new ConfigParser.Mark(2, 7));
    assertThat(marks.get("a.b[1].c")).isEqualTo(new ConfigParser.Mark(2, 11));
    assertThat(marks.get("a.d[0].e")).isEqualTo(new ConfigParser.Mark(4, 7));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a list              | [1, 2]
          a scalar            | just text
          null entries        | 'version: 1\nclusters: [~]\napplications: [~, 3]'
          version a list      | 'version: [1]\nclusters: []\napplications: []'
          everything wrong    | 'version: x\nclusters: {a: 1}\napplications: [{name: [x], environments: 3, release: 4}]'
          """)
  void parse_shouldReportEveryShapeOfWrongFile_asConfigInvalid(String what, String yaml) {
    assertThatThrownBy(() -> ConfigParser.parse(FILE, yaml.replace("\\n", "\n")))
        .as(what)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(p.line()).as(p.toString()).isPositive()));
  }

  @Test
  void parse_shouldTakeAKeyWithoutValue_asLeftOut() throws IOException {
    String anchor = "    canary:\n      config: config/canary/checkout.json\n";
    String yaml = example().replace(anchor, anchor + "    release:\n    confinement:\n");

    Application checkout = ConfigParser.parse(FILE, yaml).application("checkout").orElseThrow();

    assertThat(checkout.release()).isNull();
    assertThat(checkout.releaseSettings()).isEqualTo(ReleaseSettings.DEFAULTS);
    assertThat(checkout.confinementPolicy()).isEqualTo(Confinement.STRICT);
    assertThat(
            onlyProblem(example().replaceFirst("    namespace: checkout\n", "    namespace:\n"))
                .toString())
        .isEqualTo("config/slipway.yaml:19:5 clusters[0].namespace: is required");
  }
}
