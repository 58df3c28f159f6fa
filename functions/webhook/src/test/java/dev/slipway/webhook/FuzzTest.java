package dev.slipway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.approvals.Hmac;
import dev.slipway.model.Json;
import dev.slipway.model.ReleaseRequest;
import dev.slipway.webhook.Fakes.World;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * 1,500 random and mutated requests (seeded): bad signatures, truncated JSON, huge bodies, wrong
 * types, unicode. Never accepted with a wrong signature, never a 5xx, never an execution for an
 * invalid request.
 */
class FuzzTest {
  static final long SEED = 20261127L;
  static final int CASES = 1_500;
  static final String[] EVENTS = {
    "/events/webhooks/github/ping.json",
    "/events/webhooks/github/push.json",
    "/events/webhooks/github/push-feature-branch.json",
    "/events/webhooks/github/release-published.json",
    "/events/webhooks/github/workflow-run-completed.json",
    "/events/webhooks/github/registry-package-published.json",
    "/events/webhooks/jenkins/completed-success.json",
    "/events/webhooks/jenkins/finalized-success-signed.json",
    "/events/webhooks/build/build-success.json",
  };
  static final String[] WEIRD = {
    "",
    " ",
    "\u0000",
    "💥",
    "ünïcødé",
    "\uD800",
    "null",
    "-1",
    "9".repeat(40),
    "../../etc",
    "a/b",
    "\"quoted\"",
    "<script>",
    "refs/heads/main",
    "release/*",
    "x".repeat(300),
    "main\nmain",
    "SUCCESS",
  };

  final RandomGenerator random = new SplittableRandom(SEED);

  record Case(String kind, HttpRequest request, boolean validlySigned) {}

  @Test
  @DisplayName(
      "random and mutated requests: no 5xx, no start without a valid signature and a valid event")
  void fuzz() {
    List<HttpRequest> originals = new ArrayList<>();
    for (String e : EVENTS) {
      originals.add(
          ApiGateway.decode(Fakes.read(new String(Fakes.resource(e), StandardCharsets.UTF_8))));
    }
    Map<String, Integer> kinds = new HashMap<>();
    Map<Integer, Integer> statuses = new HashMap<>();
    for (int i = 0; i < CASES; i++) {
      World world = new World();
      HttpRequest original = originals.get(random.nextInt(originals.size()));
      Case c = mutate(original);
      kinds.merge(c.kind(), 1, Integer::sum);

      HttpResponse r = world.service.handle(c.request());
      statuses.merge(r.status(), 1, Integer::sum);

      String where = "case " + i + " (" + c.kind() + ", " + c.request().path() + ")";
      assertThat(r.status()).as(where + ": " + r.body()).isLessThan(500);
      assertThat(Fakes.read(r.body()).isObject()).as(where).isTrue();
      if (!c.validlySigned()) {
        assertThat(r.status()).as(where).isIn(401, 405, 413, 415);
        assertThat(world.sfn.calls).as(where).isEmpty();
      }
      boolean started = !world.sfn.executions.isEmpty();
      if (r.status() != 202 && !(r.status() == 200 && r.body().contains("\"duplicate\""))) {
        assertThat(world.sfn.calls).as(where + " answered " + r.status()).isEmpty();
      }
      if (started) {
        assertThat(r.status()).as(where).isEqualTo(202);
        ReleaseRequest release = readRelease(world.sfn.executions.values().iterator().next());
        assertThat(release.app()).as(where).isNotBlank();
        assertThat(release.environment()).as(where).isNotBlank();
        assertThat(release.buildNum()).as(where).matches("[A-Za-z0-9._+-]{1,64}");
        assertThat(release.images().runtime()).as(where).isNotBlank();
        assertThat(world.sfn.executions.keySet().iterator().next())
            .as(where)
            .matches("[A-Za-z0-9_-]{1,80}");
      }
      assertThat(world.log).as(where).hasSize(1);
      assertThat(world.log.get(0)).as(where).doesNotContain(Fakes.SECRET);
    }
    assertThat(kinds.keySet()).hasSizeGreaterThanOrEqualTo(10);
    // the mutations reach every answer, including starts: the test exercises the whole path
    assertThat(statuses.keySet()).contains(200, 202, 400, 401, 413, 415);
  }

  private Case mutate(HttpRequest o) {
    int pick = random.nextInt(14);
    byte[] body = o.body();
    // a Jenkins token authenticates the sender, not the body: body changes stay authentic
    boolean token = o.headers().containsKey("x-slipway-token");
    return switch (pick) {
      case 0 -> new Case("flipped byte", with(o, flip(body)), token);
      case 1 -> {
        byte[] cut = Arrays.copyOf(body, random.nextInt(body.length + 1));
        yield new Case("truncated, old signature", with(o, cut), token || Arrays.equals(cut, body));
      }
      case 2 ->
          new Case(
              "random signature", withHeader(o, signatureHeader(o), "sha256=" + hex(32)), false);
      case 3 -> new Case("no signature", withoutHeader(o, signatureHeader(o)), false);
      case 4 ->
          new Case("garbage signature", withHeader(o, signatureHeader(o), pickWeird()), false);
      case 5 -> new Case("huge body", with(o, hugeBody()), token);
      case 6 ->
          new Case(
              "content type",
              withHeader(
                  o,
                  "content-type",
                  pickOf("text/plain", "application/xml", "", "multipart/form-data")),
              false);
      case 7 ->
          new Case(
              "truncated, re-signed",
              resign(o, Arrays.copyOf(body, random.nextInt(body.length + 1))),
              true);
      case 8 -> new Case("wrong type, re-signed", resign(o, retype(body)), true);
      case 9 -> new Case("unicode value, re-signed", resign(o, revalue(body)), true);
      case 10 ->
          new Case(
              "random JSON, re-signed",
              resign(o, randomJson().getBytes(StandardCharsets.UTF_8)),
              true);
      case 11 ->
          new Case("random bytes, re-signed", resign(o, randomBytes(random.nextInt(2_000))), true);
      case 12 ->
          new Case(
              "weird header value, re-signed",
              withHeader(
                  resign(o, body),
                  pickOf("x-github-event", "x-slipway-timestamp", "content-type"),
                  pickWeird()),
              true);
      default ->
          new Case(
              "weird rerun, re-signed", withQuery(resign(o, body), "rerun", pickWeird()), true);
    };
  }

  static String signatureHeader(HttpRequest o) {
    if (o.headers().containsKey("x-hub-signature-256")) {
      return "x-hub-signature-256";
    }
    return o.headers().containsKey("x-slipway-signature-256")
        ? "x-slipway-signature-256"
        : "x-slipway-token";
  }

  private HttpRequest resign(HttpRequest o, byte[] body) {
    Map<String, String> h = new HashMap<>(o.headers());
    if (h.containsKey("x-hub-signature-256")) {
      h.put("x-hub-signature-256", Hmac.header(Fakes.SECRET, body));
    } else if (h.containsKey("x-slipway-timestamp")) {
      String ts = h.get("x-slipway-timestamp");
      h.put(
          "x-slipway-signature-256",
          Hmac.header(Fakes.SECRET, (ts + ".").getBytes(StandardCharsets.UTF_8), body));
    } else if (h.containsKey("x-slipway-signature-256")) {
      h.put("x-slipway-signature-256", Hmac.header(Fakes.SECRET, body));
    }
    return new HttpRequest(o.method(), o.path(), h, o.query(), body, o.requestId());
  }

  private byte[] flip(byte[] body) {
    byte[] b = body.clone();
    int i = random.nextInt(b.length);
    b[i] = (byte) (b[i] ^ (1 + random.nextInt(255)));
    return b;
  }

  private byte[] hugeBody() {
    byte[] b = new byte[WebhookService.MAX_BODY + 1 + random.nextInt(4096)];
    Arrays.fill(b, (byte) ' ');
    b[0] = '{';
    b[b.length - 1] = '}';
    return b;
  }

  /** Replaces one value somewhere in the document with a value of another type. */
  private byte[] retype(byte[] body) {
    return replaceValue(body, this::randomNode);
  }

  /** Replaces one string value with a weird or unicode one. */
  private byte[] revalue(byte[] body) {
    return replaceValue(body, () -> JsonNodeFactory.instance.textNode(pickWeird()));
  }

  private byte[] replaceValue(byte[] body, java.util.function.Supplier<JsonNode> value) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(body);
    } catch (java.io.IOException e) {
      return body;
    }
    List<Runnable> edits = new ArrayList<>();
    collect(root, value, edits);
    if (!edits.isEmpty()) {
      edits.get(random.nextInt(edits.size())).run();
    }
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void collect(
      JsonNode node, java.util.function.Supplier<JsonNode> value, List<Runnable> edits) {
    if (node instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        edits.add(() -> o.set(n, value.get()));
        collect(o.get(n), value, edits);
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        int at = i;
        edits.add(() -> a.set(at, value.get()));
        collect(a.get(i), value, edits);
      }
    }
  }

  private JsonNode randomNode() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (random.nextInt(7)) {
      case 0 -> f.nullNode();
      case 1 -> f.booleanNode(random.nextBoolean());
      case 2 -> f.numberNode(random.nextLong());
      case 3 -> f.numberNode(random.nextDouble() * 1e6);
      case 4 -> f.arrayNode().add(pickWeird()).add(random.nextInt());
      case 5 -> f.objectNode().put("k", pickWeird());
      default -> f.textNode(pickWeird());
    };
  }

  private String randomJson() {
    return randomNode(3).toString();
  }

  private JsonNode randomNode(int depth) {
    if (depth == 0 || random.nextInt(3) == 0) {
      return randomNode();
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    String[] keys = {
      "app",
      "build_num",
      "commit",
      "git_repo",
      "git_branch",
      "ref",
      "after",
      "action",
      "build",
      "name",
      "repository",
      "release",
      "status",
      "phase"
    };
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      o.set(keys[random.nextInt(keys.length)], randomNode(depth - 1));
    }
    return o;
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private String hex(int bytes) {
    return java.util.HexFormat.of().formatHex(randomBytes(bytes));
  }

  private String pickWeird() {
    return WEIRD[random.nextInt(WEIRD.length)];
  }

  private String pickOf(String... values) {
    return values[random.nextInt(values.length)];
  }

  static HttpRequest with(HttpRequest o, byte[] body) {
    return new HttpRequest(o.method(), o.path(), o.headers(), o.query(), body, o.requestId());
  }

  static HttpRequest withHeader(HttpRequest o, String name, String value) {
    Map<String, String> h = new HashMap<>(o.headers());
    h.put(name, value);
    return new HttpRequest(o.method(), o.path(), h, o.query(), o.body(), o.requestId());
  }

  static HttpRequest withoutHeader(HttpRequest o, String name) {
    Map<String, String> h = new HashMap<>(o.headers());
    h.remove(name);
    return new HttpRequest(o.method(), o.path(), h, o.query(), o.body(), o.requestId());
  }

  static HttpRequest withQuery(HttpRequest o, String name, String value) {
    Map<String, String> q = new HashMap<>(o.query());
    q.put(name, value);
    return new HttpRequest(o.method(), o.path(), o.headers(), q, o.body(), o.requestId());
  }

  static ReleaseRequest readRelease(String json) {
    try {
      return Json.mapper().readValue(json, ReleaseRequest.class);
    } catch (java.io.IOException e) {
      throw new AssertionError("execution input is not a release request: " + json, e);
    }
  }
}
