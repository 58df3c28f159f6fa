package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.approvals.ApprovalLinks;
import dev.slipway.approvals.Hmac;
import dev.slipway.local.executor.HandlerFailure;
import dev.slipway.local.executor.LambdaRuntime;
import dev.slipway.local.executor.LocalContext;
import dev.slipway.model.Json;
import dev.slipway.model.SlipwayException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function of {@code slipway-functions.properties}, built by {@link LocalFunctions} and
 * {@link LocalApi#handlers} over the environment of {@code slipway up} (embedded S3, embedded
 * clusters), fed a corpus of hostile events: no JSON, {@code null}, an array, a number, each field
 * of the function's sample event with a wrong type, names used in S3 keys that walk the tree, hold
 * slashes, control characters, non-ASCII text or 10,000 characters, and a template that is a YAML
 * alias bomb.
 *
 * <p>A step function must fail with a {@link SlipwayException} (the error name the release state
 * machine and {@code FailureNames} read from the runtime's {@code errorMessage}); an API function
 * must answer 4xx with a JSON body. Neither may put a stack trace or a whole long or control-laden
 * value in its message, nor write anything to the bucket or a cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
  private static final Path FUNCTIONS =
      Path.of("../cli/src/main/resources/slipway-functions.properties");
  private static final Path EVENTS = ReleaseScenarioTest.EVENTS;
  private static final Pattern ERROR_NAME = Pattern.compile("Slipway\\.[A-Z]\\w*\\.[A-Z]\\w*");
  private static final String LONG = "x".repeat(10_000);
  private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z");

  /**
   * Cases that fail today in the webhook function (other helpers' files), each with the reason;
   * they are reported as skipped, not passed, until fixed, and the list must only shrink.
   */
  private static final Map<String, String> KNOWN_OPEN = knownOpen();

  private static Map<String, String> knownOpen() {
    return Map.of();
  }

  /**
   * Where {@code events/hostile/alias-bomb.yaml} (anchors that expand to 9^9 nodes when a parser
   * follows every alias) is seeded as a template, for the manifests case that names it.
   */
  private static final String BOMB_APP = "hostile-bomb";

  /** The API handlers; every other function is a step of the release state machine. */
  private static final List<String> API = List.of("webhook", "approval");

  /**
   * Each step function's sample event (under {@code events/}) and the fields of it that are names
   * (used in S3 keys, object names, labels): the corpus replaces each with hostile names, and every
   * field with a value of a wrong type. A function listed in the properties without an entry here
   * (or in {@link #API}) fails {@link #everyFunction_shouldHaveACorpus}.
   */
  private static final Map<String, Sample> SAMPLES =
      Map.ofEntries(
          Map.entry(
              "annotate",
              new Sample("annotate/start.json", "app", "build", "environment", "clusters[0]")),
          Map.entry(
              "approval-gate",
              new Sample(
                  "approval-gate/deploy.json",
                  // shown on the approval page as they are
                  List.of("diff", "manifests", "canary"),
                  "app",
                  "build",
                  "environment",
                  "executionName",
                  "gate?")),
          Map.entry(
              "canary", new Sample("canary/state-input.json", "app", "build", "wave", "cluster")),
          Map.entry("deploy", new Sample("invoke/deploy.json", "app", "execution", "cluster.name")),
          Map.entry("diff", new Sample("invoke/diff.json", "app", "build", "clusters[0].name")),
          Map.entry("lock", new Sample("lock/acquire.json", "app")),
          Map.entry(
              "manifests",
              new Sample(
                  "invoke/manifests.json", "app", "build_num", "environment", "clusters[0]")),
          Map.entry(
              "plan",
              new Sample(
                  "plan/plan.json",
                  "release.app",
                  "release.environment",
                  "release.build_num",
                  "executionName")),
          Map.entry(
              "record",
              new Sample(
                  "record/succeeded.json",
                  // the execution's state, stored as the release record's entry
                  List.of(
                      "state.git_repo",
                      "state.git_branch",
                      "state.commit",
                      "state.ticket",
                      "state.component",
                      "state.images",
                      "state.skip_canary",
                      "state.skip_static_sync",
                      "state.rerun",
                      "state.trigger",
                      "state.plan",
                      "state.waves",
                      "state.manifests",
                      "state.diff",
                      "state.staticSync",
                      "state.approval",
                      "state.outcome"),
                  "state.app",
                  "state.environment",
                  "state.build_num")),
          Map.entry(
              "rollback", new Sample("invoke/rollback.json", "app", "execution", "cluster.name")),
          Map.entry(
              "rollout",
              new Sample("invoke/rollout.json", "clusters[0].name", "deployed[0].cluster")),
          Map.entry(
              "reconcile",
              new Sample(
                  "reconcile/timed-out.json",
                  // EventBridge's fields reconcile never reads (it names the execution by its ARN)
                  List.of(
                      "detail.name",
                      "detail.inputDetails",
                      "detail.outputDetails",
                      "detail.redriveCount",
                      "detail.redriveDate",
                      "detail.redriveStatus",
                      "detail.redriveStatusReason",
                      "detail.stateMachineAliasArn",
                      "detail.stateMachineVersionArn"))),
          Map.entry("staticsync", new Sample("staticsync/sync.json", "app")),
          Map.entry("unlock", new Sample("unlock/release.json", "app")));

  /** Names no key, object or label may be built from. */
  private static final Map<String, String> HOSTILE_NAMES = new LinkedHashMap<>();

  static {
    HOSTILE_NAMES.put("traversal", "../../x");
    HOSTILE_NAMES.put("slash", "a/b");
    HOSTILE_NAMES.put("dot-dot", "..");
    HOSTILE_NAMES.put("dot", ".");
    HOSTILE_NAMES.put("empty", "");
    HOSTILE_NAMES.put("blank", "  ");
    HOSTILE_NAMES.put("10k", LONG);
    HOSTILE_NAMES.put("non-ascii", "caf\u00e9-\u0430pp");
    HOSTILE_NAMES.put("nul", "a\u0000b");
    HOSTILE_NAMES.put("newline", "a\nkind: ClusterRoleBinding");
    HOSTILE_NAMES.put("line-separator", "a\u2028b");
    HOSTILE_NAMES.put("rtl-override", "a\u202eb");
  }

  /** One hostile invocation. */
  record Case(String function, String label, byte[] event) {
    @Override
    public String toString() {
      return function + ": " + label;
    }
  }

  /**
   * A step's sample event, the fields of it that are names, and the subtrees it carries as data
   * without reading them as typed fields (a report's counts, the state a record stores): those get
   * no wrong-type mutations.
   */
  record Sample(String file, List<String> opaque, String... names) {
    Sample(String file, String... names) {
      this(file, List.of(), names);
    }

    boolean carried(String path) {
      return opaque.stream()
          .anyMatch(o -> path.equals(o) || path.startsWith(o + ".") || path.startsWith(o + "["));
    }
  }

  private LocalUp up;
  private Map<String, RequestStreamHandler> handlers;

  @BeforeAll
  void start() throws IOException {
    up =
        LocalUp.start(
            RunOptions.demo(EVENTS, Scenario.HEALTHY),
            ReleaseScenarioTest.ASL,
            Instant.now(),
            null);
    var store = up.environment().store();
    store.put(
        "templates/" + BOMB_APP + "/deployment.yaml",
        Files.readAllBytes(EVENTS.resolve("hostile/alias-bomb.yaml")),
        "application/yaml");
    store.put(
        "artifacts/checkout/142/approvals/stg-deploy.json",
        Files.readAllBytes(EVENTS.resolve("approvals/approval-request.json")),
        "application/json");
    handlers = new TreeMap<>(LocalFunctions.byFunction(up.environment(), new LocalExecutions()));
    LocalApi.Handlers api = LocalApi.handlers(up.fileEnvironment());
    handlers.put("webhook", api.webhooks());
    handlers.put("approval", api.approvals());
  }

  @AfterAll
  void stop() {
    if (up != null) {
      up.close();
    }
  }

  static Map<String, String> functions() throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(FUNCTIONS)) {
      p.load(in);
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(n -> out.put(n, p.getProperty(n)));
    return out;
  }

  @Test
  void everyFunction_shouldHaveACorpus() throws IOException {
    Map<String, String> functions = functions();
    assertThat(functions).isNotEmpty();
    for (Map.Entry<String, String> f : functions.entrySet()) {
      assertThat(SAMPLES.containsKey(f.getKey()) || API.contains(f.getKey()))
          .as("function %s has no hostile corpus: add its sample event to SAMPLES", f.getKey())
          .isTrue();
      assertThat(handlers)
          .as("function %s is not built by LocalFunctions", f.getKey())
          .containsKey(f.getKey());
      assertThat(handlers.get(f.getKey()).getClass().getName()).isEqualTo(f.getValue());
    }
  }

  // ---------------------------------------------------------------- the corpus

  Stream<Case> corpus() throws IOException {
    List<Case> cases = new ArrayList<>();
    for (String function : functions().keySet()) {
      if (function.equals("webhook")) {
        webhookCases(cases);
      } else if (function.equals("approval")) {
        approvalCases(cases);
      } else if (SAMPLES.containsKey(function)) {
        stepCases(function, SAMPLES.get(function), cases);
      }
    }
    return cases.stream();
  }

  /** Events that are no JSON object: the same for every function. */
  private static Map<String, String> shapeless() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("empty body", "");
    m.put("null", "null");
    m.put("array", "[{\"app\":\"checkout\"}]");
    m.put("number", "42");
    m.put("string", "\"checkout\"");
    m.put("boolean", "true");
    m.put("truncated JSON", "{\"app\":");
    m.put("empty object", "{}");
    m.put("deep nesting", "[".repeat(5000) + "]".repeat(5000));
    return m;
  }

  private void stepCases(String function, Sample sample, List<Case> cases) throws IOException {
    shapeless().forEach((label, body) -> cases.add(new Case(function, label, utf8(body))));
    ObjectNode base = (ObjectNode) Json.mapper().readTree(EVENTS.resolve(sample.file()).toFile());
    for (String path : leaves(base, "")) {
      if (sample.carried(path)) {
        continue;
      }
      JsonNode value = at(base, path);
      for (Map.Entry<String, JsonNode> wrong : wrongTypes(value).entrySet()) {
        cases.add(
            new Case(
                function,
                path + " = " + wrong.getKey(),
                bytes(with(base, path, wrong.getValue()))));
      }
    }
    for (String field : sample.names()) {
      boolean optional = field.endsWith("?");
      String path = optional ? field.substring(0, field.length() - 1) : field;
      if (!optional) {
        cases.add(new Case(function, path + " = null", bytes(with(base, path, null))));
      }
      for (Map.Entry<String, String> name : HOSTILE_NAMES.entrySet()) {
        cases.add(
            new Case(
                function,
                path + " = " + name.getKey(),
                bytes(with(base, path, JsonNodeFactory.instance.textNode(name.getValue())))));
      }
    }
    if (function.equals("manifests")) {
      ObjectNode bomb = base.deepCopy();
      bomb.put("templates", "templates/" + BOMB_APP + "/");
      cases.add(new Case(function, "template is a YAML alias bomb", bytes(bomb)));
    }
  }

  /** A value of each JSON type but the field's own. */
  private static Map<String, JsonNode> wrongTypes(JsonNode value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Map<String, JsonNode> m = new LinkedHashMap<>();
    if (!value.isObject()) {
      m.put("object", f.objectNode().put("x", 1));
    }
    if (!value.isArray()) {
      m.put("array", f.arrayNode().add(1).add("two"));
    }
    if (value.isNumber() || value.isBoolean()) {
      m.put("text", f.textNode("not-a-" + value.getNodeType().name().toLowerCase()));
    }
    // an ISO-8601 instant may also be given as epoch seconds: a number is no wrong type there
    if (value.isContainerNode()
        || value.isTextual() && !INSTANT.matcher(value.asText()).matches()) {
      m.put("number", f.numberNode(42));
    }
    return m;
  }

  private void webhookCases(List<Case> cases) throws IOException {
    shapeless().forEach((label, body) -> cases.add(new Case("webhook", label, utf8(body))));
    JsonNode sample =
        Json.mapper().readTree(EVENTS.resolve("webhooks/build/build-success.json").toFile());
    ObjectNode body = (ObjectNode) Json.mapper().readTree(sample.path("body").asText());
    // the demo releases main: a body on it would start a release, so each mutation is what stops it
    body.put("git_branch", "main");
    shapeless()
        .forEach(
            (label, b) -> cases.add(new Case("webhook", "signed body: " + label, signedBuild(b))));
    for (String path :
        List.of("app", "build_num", "commit", "git_branch", "status", "images", "images.runtime")) {
      for (Map.Entry<String, JsonNode> wrong : wrongTypes(at(body, path)).entrySet()) {
        if (path.equals("build_num") && wrong.getKey().equals("number")) {
          continue; // a build number may come as a JSON number, as CI servers send it
        }
        cases.add(
            new Case(
                "webhook",
                "signed body: " + path + " = " + wrong.getKey(),
                signedBuild(with(body, path, wrong.getValue()).toString())));
      }
    }
    for (String path : List.of("app", "build_num", "commit")) {
      for (Map.Entry<String, String> name : HOSTILE_NAMES.entrySet()) {
        cases.add(
            new Case(
                "webhook",
                "signed body: " + path + " = " + name.getKey(),
                signedBuild(
                    with(body, path, JsonNodeFactory.instance.textNode(name.getValue()))
                        .toString())));
      }
    }
  }

  /** A REST API proxy event of the generic build webhook, signed with the local test secret. */
  private static byte[] signedBuild(String body) {
    String ts = Long.toString(Instant.now().getEpochSecond());
    String sig =
        Hmac.header(
            LocalUp.TEST_SECRET,
            (ts + ".").getBytes(StandardCharsets.UTF_8),
            body.getBytes(StandardCharsets.UTF_8));
    ObjectNode headers = Json.mapper().createObjectNode();
    headers.put("Content-Type", "application/json");
    headers.put("X-Slipway-Timestamp", ts);
    headers.put("X-Slipway-Delivery", "hostile-" + Math.abs(body.hashCode()));
    headers.put("X-Slipway-Signature-256", sig);
    return bytes(apiEvent("POST", "/webhooks/build", null, headers, body));
  }

  private void approvalCases(List<Case> cases) {
    shapeless().forEach((label, body) -> cases.add(new Case("approval", label, utf8(body))));
    long expires = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
    for (Map.Entry<String, String> name : HOSTILE_NAMES.entrySet()) {
      for (String method : List.of("GET", "POST")) {
        String body = method.equals("GET") ? null : "{\"decision\":\"approve\",\"by\":\"x\"}";
        cases.add(
            new Case(
                "approval",
                method + " id = " + name.getKey(),
                bytes(approvalEvent(method, name.getValue(), "checkout", "142", expires, body))));
        cases.add(
            new Case(
                "approval",
                method + " app = " + name.getKey(),
                bytes(approvalEvent(method, "stg-deploy", name.getValue(), "142", expires, body))));
        cases.add(
            new Case(
                "approval",
                method + " build = " + name.getKey(),
                bytes(
                    approvalEvent(
                        method, "stg-deploy", "checkout", name.getValue(), expires, body))));
      }
    }
    Map<String, String> decisions = new LinkedHashMap<>(shapeless());
    decisions.put("decision = number", "{\"decision\":42,\"by\":\"x\"}");
    decisions.put("decision = object", "{\"decision\":{\"a\":1},\"by\":\"x\"}");
    decisions.put("decision = unknown", "{\"decision\":\"../../x\",\"by\":\"x\"}");
    decisions.put("by = object", "{\"decision\":\"approve\",\"by\":{\"a\":1}}");
    decisions.put("by = array", "{\"decision\":\"approve\",\"by\":[1]}");
    decisions.put("comment = object", "{\"decision\":\"approve\",\"by\":\"x\",\"comment\":{}}");
    decisions.forEach(
        (label, body) ->
            cases.add(
                new Case(
                    "approval",
                    "POST decision: " + label,
                    bytes(approvalEvent("POST", "stg-deploy", "checkout", "142", expires, body)))));
  }

  /** A correctly signed approval link's request for {@code id}, {@code app}, {@code build}. */
  private static ObjectNode approvalEvent(
      String method, String id, String app, String build, long expires, String body) {
    ObjectNode query = Json.mapper().createObjectNode();
    query.put("app", app);
    query.put("build", build);
    query.put("expires", Long.toString(expires));
    query.put("sig", ApprovalLinks.signature(LocalUp.TEST_SECRET, id, app, build, expires));
    ObjectNode headers = Json.mapper().createObjectNode();
    headers.put("Content-Type", "application/json");
    ObjectNode event = apiEvent(method, "/approvals/" + id, query, headers, body);
    event.putObject("pathParameters").put("id", id);
    return event;
  }

  /** A REST API (payload format 1.0) proxy event, as {@link LocalApi} builds them. */
  private static ObjectNode apiEvent(
      String method, String path, ObjectNode query, ObjectNode headers, String body) {
    ObjectNode event = Json.mapper().createObjectNode();
    event.put("resource", "/{proxy+}");
    event.put("path", path);
    event.put("httpMethod", method);
    event.set("headers", headers);
    ObjectNode multi = event.putObject("multiValueHeaders");
    headers.fields().forEachRemaining(h -> multi.putArray(h.getKey()).add(h.getValue()));
    if (query == null) {
      event.putNull("queryStringParameters");
    } else {
      event.set("queryStringParameters", query);
    }
    if (body == null) {
      event.putNull("body");
    } else {
      event.put("body", body);
    }
    event.put("isBase64Encoded", false);
    ObjectNode context = event.putObject("requestContext");
    context.put("requestId", "hostile");
    context.put("stage", "local");
    context.put("httpMethod", method);
    context.put("path", path);
    return event;
  }

  // ---------------------------------------------------------------- the check

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void hostileEvent_shouldBeANamedErrorThatWritesNothing(Case c) throws Exception {
    Assumptions.assumeFalse(
        KNOWN_OPEN.containsKey(c.toString()), () -> KNOWN_OPEN.get(c.toString()));
    Map<String, String> bucketBefore = bucket();
    Map<String, Long> clusterBefore = clusterWrites();

    String outcome = invoke(c);

    assertThat(bucket()).as("bucket after %s (%s)", c, outcome).isEqualTo(bucketBefore);
    assertThat(clusterWrites())
        .as("cluster writes after %s (%s)", c, outcome)
        .isEqualTo(clusterBefore);
  }

  /** Invokes the case's function and checks its answer; returns it, shortened, for messages. */
  private String invoke(Case c) throws Exception {
    RequestStreamHandler handler = handlers.get(c.function());
    var context =
        new LocalContext(
            "hostile",
            "slipway-" + c.function(),
            "arn:aws:lambda:us-east-1:123456789012:function:" + c.function(),
            Duration.ofMinutes(1),
            line -> {});
    if (API.contains(c.function())) {
      byte[] answer;
      try {
        answer = LambdaRuntime.invoke(handler, c.event(), context);
      } catch (HandlerFailure f) {
        throw new AssertionError(
            c
                + " failed with "
                + f.errorType()
                + ": "
                + shorten(f.errorMessage())
                + " (API Gateway answers 502)");
      }
      JsonNode response = Json.mapper().readTree(answer);
      int status = response.path("statusCode").asInt();
      String body = response.path("body").asText();
      assertThat(status).as("%s answered %s", c, shorten(body)).isBetween(400, 499);
      JsonNode json = Json.mapper().readTree(body);
      assertThat(json != null && json.isObject())
          .as("%s answered no JSON: %s", c, shorten(body))
          .isTrue();
      checkMessage(c, body);
      return status + " " + shorten(body);
    }
    byte[] output;
    try {
      output = LambdaRuntime.invoke(handler, c.event(), context);
    } catch (HandlerFailure f) {
      assertThat(isSlipwayException(f.errorType()))
          .as("%s failed with %s: %s", c, f.errorType(), shorten(f.errorMessage()))
          .isTrue();
      String message = f.errorMessage();
      int colon = message.indexOf(": ");
      assertThat(colon > 0 && ERROR_NAME.matcher(message.substring(0, colon)).matches())
          .as("%s error message names no Slipway error: %s", c, shorten(message))
          .isTrue();
      checkMessage(c, message);
      return shorten(message);
    }
    throw new AssertionError(
        c + " succeeded: " + shorten(new String(output, StandardCharsets.UTF_8)));
  }

  private static void checkMessage(Case c, String message) {
    assertThat(message).as("%s: message has a stack trace", c).doesNotContain("\tat ", "\n\tat");
    assertThat(message).as("%s: message echoes the 10k value", c).doesNotContain("x".repeat(200));
    assertThat(message.length()).as("%s: message length", c).isLessThan(2000);
    assertThat(
            message
                .chars()
                .noneMatch(
                    ch -> ch < 0x20 && ch != '\n' || ch == 0x2028 || ch == 0x202e || ch == 0x7f))
        .as("%s: message echoes control characters: %s", c, shorten(message))
        .isTrue();
  }

  private static boolean isSlipwayException(String className) {
    try {
      return SlipwayException.class.isAssignableFrom(Class.forName(className));
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Every key of the bucket and a hash of its body. */
  private Map<String, String> bucket() throws Exception {
    var store = up.environment().store();
    Map<String, String> out = new TreeMap<>();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (String key : new TreeSet<>(store.list(""))) {
      out.put(key, HexFormat.of().formatHex(sha.digest(store.get(key).body())));
    }
    return out;
  }

  private Map<String, Long> clusterWrites() {
    Map<String, Long> out = new TreeMap<>();
    up.environment().clusters().forEach((name, cluster) -> out.put(name, cluster.writeRequests()));
    return out;
  }

  // ---------------------------------------------------------------- JSON paths

  /** Paths of every field (depth-first, first element of arrays), e.g. {@code clusters[0].name}. */
  private static List<String> leaves(JsonNode node, String prefix) {
    List<String> out = new ArrayList<>();
    if (node.isObject()) {
      node.fieldNames()
          .forEachRemaining(
              name -> {
                String p = prefix.isEmpty() ? name : prefix + "." + name;
                out.add(p);
                out.addAll(leaves(node.get(name), p));
              });
    } else if (node.isArray() && !node.isEmpty()) {
      String p = prefix + "[0]";
      out.add(p);
      out.addAll(leaves(node.get(0), p));
    }
    return out;
  }

  private static final Pattern STEP = Pattern.compile("([^.\\[]+)|\\[(\\d+)]");

  private static JsonNode at(JsonNode root, String path) {
    JsonNode n = root;
    var m = STEP.matcher(path);
    while (m.find()) {
      n = m.group(1) != null ? n.get(m.group(1)) : n.get(Integer.parseInt(m.group(2)));
    }
    return n;
  }

  /** A copy of {@code root} with the value at {@code path} replaced ({@code null}: JSON null). */
  private static ObjectNode with(ObjectNode root, String path, JsonNode value) {
    ObjectNode copy = root.deepCopy();
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    JsonNode parent = cut < 0 ? copy : at(copy, path.substring(0, cut));
    JsonNode v = value == null ? JsonNodeFactory.instance.nullNode() : value;
    if (path.endsWith("]")) {
      ((ArrayNode) parent).set(Integer.parseInt(path.substring(cut + 1, path.length() - 1)), v);
    } else {
      ((ObjectNode) parent).set(path.substring(cut + 1), v);
    }
    return copy;
  }

  private static byte[] bytes(JsonNode n) {
    try {
      return Json.mapper().writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String shorten(String s) {
    String one = s.replaceAll("[\\p{Cntrl}\u2028\u2029]", "?");
    return one.length() > 300 ? one.substring(0, 300) + "…(" + one.length() + " chars)" : one;
  }
}
