package dev.slipway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.awshttp.MovingClock;
import dev.slipway.awshttp.SecretSource;
import dev.slipway.model.Json;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.InMemoryArtifactStore;
import dev.slipway.store.Keys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** In-memory fakes of the webhook's ports, and a wired service over them. */
final class Fakes {
  /** The documented test secret: every key of the test webhook secret holds it. */
  static final String SECRET = "slipway-test-secret";

  static final String SECRET_ID = "slipway/webhooks";
  static final String STATE_MACHINE =
      "arn:aws:states:us-east-1:123456789012:stateMachine:slipway-release";

  /** The time the sample events were made (the build event's timestamp). */
  static final Instant EVENTS_TIME = Instant.parse("2026-11-27T01:00:00Z");

  private Fakes() {}

  /** Step Functions in memory: names are unique, like a standard state machine's. */
  static final class RecordingStepFunctions implements ExecutionStarter, TaskCallbacks {
    final Map<String, String> executions = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    final List<String> liveTokens = new ArrayList<>();

    /** The input of every StartExecution call, in order. */
    final List<String> inputs = new ArrayList<>();

    /** Every execution started, in order (a name twice when names are forgotten). */
    final List<String> started = new ArrayList<>();

    RuntimeException failure;

    /** Like Step Functions 90 days after an execution ended: its name is free again. */
    boolean forgetNames;

    @Override
    public synchronized Started start(String name, String input) {
      calls.add(name);
      inputs.add(input);
      if (failure != null) {
        throw failure;
      }
      String arn = STATE_MACHINE.replace(":stateMachine:", ":execution:") + ":" + name;
      if (!forgetNames && executions.containsKey(name)) {
        return new Started(arn, name, null, true);
      }
      started.add(name);
      executions.put(name, input);
      return new Started(arn, name, EVENTS_TIME, false);
    }

    @Override
    public synchronized boolean succeed(String taskToken, String output) {
      calls.add("success:" + output);
      return answer(taskToken);
    }

    @Override
    public synchronized boolean fail(String taskToken, String error, String cause) {
      calls.add("failure:" + error + ":" + cause);
      return answer(taskToken);
    }

    private boolean answer(String token) {
      if (failure != null) {
        throw failure;
      }
      return liveTokens.remove(token);
    }

    JsonNode onlyInput() {
      if (executions.size() != 1) {
        throw new AssertionError("expected one execution, got " + executions.keySet());
      }
      return read(executions.values().iterator().next());
    }
  }

  /** Secrets Manager in memory. */
  static final class MapSecrets implements SecretSource {
    final Map<String, String> values = new LinkedHashMap<>();
    int reads;

    MapSecrets() {
      values.put(
          SECRET_ID,
          "{\"github\":\""
              + SECRET
              + "\",\"jenkins\":\""
              + SECRET
              + "\",\"jenkinsToken\":\""
              + SECRET
              + "\",\"build\":\""
              + SECRET
              + "\",\"approvals\":\""
              + SECRET
              + "\"}");
    }

    @Override
    public String secretString(String secretId) {
      reads++;
      String v = values.get(secretId);
      if (v == null) {
        throw new dev.slipway.model.TerminalStepException(
            WebhookErrors.SECRETS_NOT_FOUND, "no secret " + secretId);
      }
      return v;
    }
  }

  /** The service wired over fakes, with the example configuration in the store. */
  static final class World {
    final ArtifactStore store = new InMemoryArtifactStore();
    final RecordingStepFunctions sfn = new RecordingStepFunctions();
    final MapSecrets secrets = new MapSecrets();
    final MovingClock clock = new MovingClock(EVENTS_TIME);
    final List<String> log = new ArrayList<>();
    final WebhookService service;
    final WebhookHandler handler;

    World() {
      store.put(Keys.CONFIG, resource("/events/config/slipway.yaml"), "application/yaml");
      var wiring = new WebhookWiring(store, secrets, SECRET_ID, sfn, sfn, clock, log::add);
      service = wiring.webhookService();
      handler = new WebhookHandler(wiring);
    }

    /** Puts events/approvals/approval-request.json where the pipeline would, with a live token. */
    String storeApproval() {
      byte[] request = resource("/events/approvals/approval-request.json");
      sfn.liveTokens.add(
          read(new String(request, StandardCharsets.UTF_8)).path("taskToken").asText());
      return store.put(Keys.approval("checkout", "142", "stg-deploy"), request, "application/json");
    }

    /** Runs the handler on the event file and returns the proxy response. */
    JsonNode invoke(String eventResource) {
      return invokeRaw(resource(eventResource));
    }

    JsonNode invokeRaw(byte[] event) {
      var out = new java.io.ByteArrayOutputStream();
      try {
        handler.handleRequest(new java.io.ByteArrayInputStream(event), out, null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return read(out.toString(StandardCharsets.UTF_8));
    }

    JsonNode lastLog() {
      return read(log.get(log.size() - 1));
    }
  }

  static JsonNode body(JsonNode response) {
    return read(response.path("body").asText());
  }

  static JsonNode read(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] resource(String name) {
    try (InputStream in = Fakes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
