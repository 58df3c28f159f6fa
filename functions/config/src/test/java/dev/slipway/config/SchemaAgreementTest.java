package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.judge.CanaryConfig;
import dev.slipway.model.Json;
import dev.slipway.model.ReleaseRequest;
import dev.slipway.model.ReleaseSource;
import dev.slipway.model.TerminalStepException;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema files and the parsers agree: every key the model binds is in the schema and every
 * schema key binds; every example the repository ships validates and parses; what the schema
 * refuses the parser refuses.
 */
class SchemaAgreementTest {
  static final Path REPO = Path.of("../..");
  static final ObjectMapper YAML = new YAMLMapper();

  static JsonSchema config() {
    return JsonSchema.load(ConfigParser.SCHEMA);
  }

  @ParameterizedTest
  @CsvSource({
    "slipway-config.schema.json",
    "canary-config.schema.json",
    "release-request.schema.json"
  })
  void everySchema_shouldLoad_withOnlyKeywordsTheValidatorImplements(String name) {
    JsonSchema schema = JsonSchema.load(name);

    assertThat(schema.document().path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.keyPaths()).isNotEmpty();
  }

  @Test
  void load_shouldRefuseAKeywordTheValidatorWouldSilentlySkip() throws IOException {
    assertThat(JsonSchema.ASSERTIONS).doesNotContain("oneOf", "if", "format", "dependentRequired");
    JsonNode schema =
        Json.mapper()
            .readTree(
                "{\"type\": \"object\", \"properties\": {\"a\": {\"oneOf\": [{\"type\":"
                    + " \"string\"}]}}}");
    assertThatThrownBy(() -> JsonSchema.of("t.json", schema))
        .hasMessageContaining("keyword 'oneOf' is not implemented");
  }

  @Test
  void configSchema_shouldHoldExactlyTheKeysTheModelBinds() {
    Set<String> model = new TreeSet<>();
    recordKeys(SlipwayConfig.class, "", model);
    Set<String> schema = new TreeSet<>(config().keyPaths());
    Set<String> free = freeForm(model);

    assertThat(schema).as("every key the model binds is in the schema").containsAll(model);
    Set<String> extra = new TreeSet<>(schema);
    extra.removeAll(model);
    extra.removeIf(
        k -> free.stream().anyMatch(f -> k.startsWith(f + ".") || k.startsWith(f + "[")));
    assertThat(extra).as("schema keys the model does not bind").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("configExamples")
  void everyExampleConfig_shouldValidateAgainstTheSchema_andParse(Path file) throws IOException {
    String text = Files.readString(file);

    assertThat(config().validate(YAML.readTree(text))).as(file.toString()).isEmpty();
    assertThat(ConfigParser.parse(file.toString(), text).applications()).isNotEmpty();
    assertThat(text)
        .as("editors find the schema")
        .contains("# yaml-language-server: $schema=")
        .containsPattern("\\$schema=\\S*schemas/slipway-config\\.schema\\.json");
    Matcher m = Pattern.compile("\\$schema=(\\S+)").matcher(text);
    assertThat(m.find()).isTrue();
    assertThat(file.getParent().resolve(m.group(1)).normalize())
        .as("the schema line points at the schema file")
        .exists();
  }

  static Stream<Path> configExamples() {
    return Stream.of(
        REPO.resolve("events/config/slipway.yaml"),
        REPO.resolve("events/demo/config/slipway.yaml"));
  }

  @Test
  void everyDocumentedKey_shouldBeAcceptedByTheParser_inAFileThatSetsIt() throws IOException {
    // the example plus every optional block the example leaves out
    String yaml =
        Files.readString(REPO.resolve("events/config/slipway.yaml"))
            .replace(
                "    canary:\n      config: config/canary/checkout.json\n",
                """
                    canary:
                      config: config/canary/checkout.json
                    release:
                      progressDeadlineSeconds: 900
                      force: true
                      maxParallelClusters: 3
                      approvalTimeoutHours: 8
                      onMarginal: fail
                      canary:
                        windows: seed
                        window: 60m
                        step: 60s
                        controlOffset: 1h
                        bakeDelay: 1h
                        pass: 90
                        marginal: 70
                        minPoints: 20
                        minFraction: 0.6
                        onNoData: extend-window-once
                        vars: {team: payments}
                      staticSync:
                        source: {bucket: static-src, region: us-east-1, prefix: checkout/}
                        destinations: [{bucket: static-dst, region: eu-west-1, prefix: c/}]
                      parameters: {replicas: "3"}
                      crds: [monitoring.coreos.com/v1/ServiceMonitor]
                """)
            .replace(
                "      config: config/canary/checkout.json\n",
                "      config: config/canary/checkout.json\n      clusters: [core-1]\n")
            .replace(
                "  url: http://prometheus.monitoring.example.com:9090\n",
                "  url: http://prometheus.monitoring.example.com:9090\n"
                    + "  authSecret: slipway/prometheus/main\n"
                    + "  headers: {X-Scope-OrgID: shop}\n"
                    + "  extraLabels: {env: prod}\n")
            .replace(
                "      key: kubeconfigs/edge-2\n",
                "      key: kubeconfigs/edge-2\n      context: edge\n")
            .replace(
                "  dashboardUid: releases\n",
                "  dashboardUid: releases\n  panelId: 4\n  tags: seed\n  perCluster: true\n");
    Set<String> set = new TreeSet<>();
    collectKeys(YAML.readTree(yaml), "", set);
    Set<String> schemaKeys = config().keyPaths();
    Set<String> missing = new TreeSet<>(schemaKeys);
    missing.removeAll(set);

    assertThat(config().validate(YAML.readTree(yaml))).isEmpty();
    ReleaseSettings r =
        ConfigParser.parse("x.yaml", yaml).application("checkout").orElseThrow().release();
    assertThat(r.progressDeadline()).isEqualTo(900);
    assertThat(r.canary().get("windows").asText()).isEqualTo("seed");
    assertThat(r.crds()).containsExactly("monitoring.coreos.com/v1/ServiceMonitor");
    assertThat(missing).as("schema keys this file does not exercise").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          deadline a string     | progressDeadlineSeconds: "600"  | applications[0].release.progressDeadlineSeconds | must be an integer
          deadline zero         | progressDeadlineSeconds: 0      | applications[0].release.progressDeadlineSeconds | must be a positive number
          force not boolean     | force: yes-please               | applications[0].release.force | must be true or false
          unknown release key   | progress_deadline_seconds: 600  | applications[0].release.progress_deadline_seconds | unknown field 'progress_deadline_seconds'
          onMarginal            | onMarginal: retry               | applications[0].release.onMarginal | 'retry' is not one of: approve, fail
          canary unknown key    | canary: {windw: 30m}            | applications[0].release.canary.windw | unknown field 'windw'
          canary window         | canary: {window: half-an-hour}  | applications[0].release.canary.window | does not match
          canary pass           | canary: {pass: 120}             | applications[0].release.canary.pass | must be a number ≤ 100, was 120
          onNoData              | canary: {onNoData: ignore}      | applications[0].release.canary.onNoData | is not one of: fail, pass-with-warning, extend-window-once
          staticSync no source  | staticSync: {destinations: [{bucket: abc, region: eu-west-1}]} | applications[0].release.staticSync.source | is required
          parameters not text   | parameters: {replicas: [1]}     | applications[0].release.parameters.replicas | must be a string, was a list
          crd without version   | crds: [ServiceMonitor]          | applications[0].release.crds[0] | does not match
          """)
  void theParser_shouldRefuseWhatTheSchemaRefuses(
      String what, String release, String field, String message) throws IOException {
    String yaml =
        Files.readString(REPO.resolve("events/config/slipway.yaml"))
            .replace(
                "    canary:\n      config: config/canary/checkout.json\n",
                "    canary:\n      config: config/canary/checkout.json\n    release:\n      "
                    + release
                    + "\n");

    assertThat(config().validate(YAML.readTree(yaml)))
        .as(what)
        .extracting(JsonSchema.Violation::field)
        .containsExactly(field);
    ConfigErrors.Problem p = ConfigParserTest.onlyProblem(yaml);
    assertThat(p.field()).as(what).isEqualTo(field);
    assertThat(p.message()).as(what).contains(message);
    assertThat(p.line()).as(what).isPositive();
    assertThat(p.column()).as(what).isPositive();
  }

  // --- the canary config (Kayenta format) and the judge's parser ---

  @ParameterizedTest
  @MethodSource("canaryExamples")
  void everyCanaryExample_shouldValidateAgainstTheSchema_andParse(Path file) throws IOException {
    String text = Files.readString(file);
    JsonNode doc =
        file.toString().endsWith(".json") ? Json.mapper().readTree(text) : YAML.readTree(text);

    assertThat(JsonSchema.load("canary-config.schema.json").validate(doc))
        .as(file.toString())
        .isEmpty();
    assertThat(CanaryConfig.parse(text).metrics()).isNotEmpty();
  }

  static Stream<Path> canaryExamples() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String dir : List.of("events/canary", "events/demo/config/canary")) {
      try (Stream<Path> s = Files.walk(REPO.resolve(dir))) {
        s.filter(
                p -> {
                  String n = p.getFileName().toString();
                  return n.startsWith("canary-config.")
                      || dir.endsWith("config/canary") && n.endsWith(".json");
                })
            .sorted()
            .forEach(out::add);
      }
    }
    assertThat(out).hasSizeGreaterThan(5);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          flat form                | {"measure": "meanRatio", "allowedIncrease": 1.05}         | true
          nested form              | {"measure": {"meanRatio": {"allowedIncrease": 1.05}}}    | true
          nested cles              | {"measure": {"cles": {"criticalIncrease": 0.7}}}         | true
          both forms, same value   | {"measure": {"meanRatio": {"allowedIncrease": 1.05}}, "allowedIncrease": 1.05} | true
          unknown measure          | {"measure": "ratio"}                                     | false
          nested, two measures     | {"measure": {"meanRatio": {}, "cles": {}}}               | false
          nested, unknown measure  | {"measure": {"median": {"allowedIncrease": 1.05}}}       | false
          nested, unknown key      | {"measure": {"meanRatio": {"allowedIncrease": 1.05, "alowedDecrease": 1}}} | false
          threshold not a number   | {"allowedIncrease": "1.05"}                              | false
          measure a number         | {"measure": 1}                                           | false
          """)
  void canarySchema_andTheJudgesParser_shouldAgreeOnEffectSize(
      String what, String effectSize, boolean valid) throws IOException {
    String config =
        """
        {"judge": {"name": "NetflixACAJudge-v1.0"},
         "metrics": [{"name": "m", "groups": ["g"],
           "analysisConfigurations": {"canary": {"direction": "increase", "effectSize": %s}}}]}
        """
            .formatted(effectSize);

    assertThat(
            JsonSchema.load("canary-config.schema.json").validate(Json.mapper().readTree(config)))
        .as(what + ": schema")
        .hasSize(valid ? 0 : 1);
    if (valid) {
      assertThat(CanaryConfig.parse(config).metrics()).hasSize(1);
    } else {
      assertThatThrownBy(() -> CanaryConfig.parse(config))
          .as(what + ": parser")
          .isInstanceOf(TerminalStepException.class)
          .hasMessageContaining("Slipway.Canary.InvalidConfig");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          other judge        | /judge/name                                         | "dredd-v1.0"
          tolerance negative | /judge/judgeConfigurations/tolerance                | -0.1
          confLevel 1        | /judge/judgeConfigurations/confLevel                | 1
          direction          | /metrics/0/analysisConfigurations/canary/direction  | "up"
          nanStrategy        | /metrics/0/analysisConfigurations/canary/nanStrategy | "zero"
          critical text      | /metrics/0/analysisConfigurations/canary/critical   | "true"
          outlier strategy   | /metrics/0/analysisConfigurations/canary/outliers/strategy | "trim"
          group weight text  | /classifier/groupWeights/Errors                     | "60"
          metrics missing    | /metrics                                            | null
          metric name        | /metrics/0/name                                     | 7
          """)
  void canarySchema_andTheJudgesParser_shouldRefuseTheSameValues(
      String what, String pointer, String json) throws IOException {
    ObjectNode doc =
        (ObjectNode)
            Json.mapper()
                .readTree(
                    """
                    {"judge": {"name": "NetflixACAJudge-v1.0", "judgeConfigurations": {}},
                     "metrics": [{"name": "m", "groups": ["Errors"],
                       "analysisConfigurations": {"canary": {"outliers": {}}}}],
                     "classifier": {"groupWeights": {}}}
                    """);
    JsonNode value = Json.mapper().readTree(json);
    int cut = pointer.lastIndexOf('/');
    ObjectNode parent = (ObjectNode) doc.at(pointer.substring(0, cut));
    if (value.isNull()) {
      parent.remove(pointer.substring(cut + 1));
    } else {
      parent.set(pointer.substring(cut + 1), value);
    }

    assertThat(JsonSchema.load("canary-config.schema.json").validate(doc)).as(what).hasSize(1);
    assertThatThrownBy(() -> CanaryConfig.parse(doc.toString()))
        .as(what)
        .hasMessageContaining("Slipway.Canary.InvalidConfig");
  }

  // --- the release request ---

  @Test
  void releaseRequestSchema_shouldHoldExactlyTheRecordsJsonProperties() {
    JavaType type = Json.mapper().constructType(ReleaseRequest.class);
    Set<String> model = new TreeSet<>();
    for (BeanPropertyDefinition p :
        Json.mapper().getDeserializationConfig().introspect(type).findProperties()) {
      model.add(p.getName());
    }
    Set<String> schema = new TreeSet<>();
    JsonSchema.load("release-request.schema.json")
        .document()
        .path("properties")
        .fieldNames()
        .forEachRemaining(schema::add);

    assertThat(schema).isEqualTo(model);
  }

  @Test
  void releaseRequestExamples_shouldValidate_andBind() throws IOException {
    String docs = Files.readString(REPO.resolve("docs/webhooks.md"));
    int at = docs.indexOf("### The release it starts");
    Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(docs);
    assertThat(m.find(at)).isTrue();
    List<String> examples =
        List.of(Files.readString(REPO.resolve("events/pipeline/start-execution.json")), m.group(1));
    JsonSchema schema = JsonSchema.load("release-request.schema.json");

    for (String json : examples) {
      JsonNode doc = Json.mapper().readTree(json);
      assertThat(schema.validate(doc)).isEmpty();
      assertThat(Json.mapper().treeToValue(doc, ReleaseRequest.class).app()).isEqualTo("checkout");
    }
    ObjectNode bad = (ObjectNode) Json.mapper().readTree(examples.get(0));
    bad.put("app", "../etc");
    bad.put("rerun", -1);
    bad.put("skip_canary", "yes");
    assertThat(schema.validate(bad))
        .extracting(JsonSchema.Violation::field)
        .containsExactly("app", "skip_canary", "rerun");
  }

  @Test
  void releaseRequestSource_shouldBeRefusedByTheSchema_whereReleaseSourceRefusesIt()
      throws IOException {
    JsonSchema schema = JsonSchema.load("release-request.schema.json");
    ObjectNode good =
        (ObjectNode)
            Json.mapper().readTree(Files.readString(REPO.resolve("events/plan/rollback.json")));
    ObjectNode release = good.has("release") ? (ObjectNode) good.get("release") : good;
    assertThat(schema.validate(release)).isEmpty();
    assertThat(ReleaseSource.problem(Json.mapper().treeToValue(release, ReleaseRequest.class)))
        .isEmpty();

    ObjectNode source = (ObjectNode) release.get("source");
    source.put("reason", "x".repeat(ReleaseSource.MAX_REASON + 1));
    source.put("kind", "hotfix");

    assertThat(schema.validate(release))
        .extracting(JsonSchema.Violation::field)
        .containsExactly("source.kind", "source.reason");
    assertThat(ReleaseSource.problem(Json.mapper().treeToValue(release, ReleaseRequest.class)))
        .isPresent();
  }

  // --- helpers ---

  /** Every key path a record binds, as the schema's {@code keyPaths} spell them. */
  private static void recordKeys(Class<?> type, String at, Set<String> out) {
    for (RecordComponent c : type.getRecordComponents()) {
      String p = at.isEmpty() ? c.getName() : at + "." + c.getName();
      out.add(p);
      Type t = c.getGenericType();
      String inner = p;
      if (t instanceof ParameterizedType pt && pt.getRawType() == List.class) {
        t = pt.getActualTypeArguments()[0];
        inner = p + "[]";
      }
      if (t instanceof Class<?> k && k.isRecord()) {
        recordKeys(k, inner, out);
      }
    }
  }

  /** The model's keys whose content it does not bind key by key (a JsonNode or a Map). */
  private static Set<String> freeForm(Set<String> model) {
    Set<String> out = new TreeSet<>();
    for (String k : model) {
      if (k.endsWith("release.canary")
          || k.endsWith("release.staticSync")
          || k.endsWith("release.parameters")) {
        out.add(k);
      }
    }
    assertThat(out).hasSize(3);
    return out;
  }

  private static void collectKeys(JsonNode node, String at, Set<String> out) {
    if (node.isArray()) {
      node.forEach(e -> collectKeys(e, at + "[]", out));
    } else if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                String p = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
                out.add(p);
                collectKeys(e.getValue(), p, out);
              });
    }
  }
}
