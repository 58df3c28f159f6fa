package dev.slipway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import dev.slipway.store.StoredObject;
import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The release record, {@code releases/<app>/<env>.json}: what is live where (the last release that
 * succeeded, with the versions validated together), and the history of every release, newest first.
 * Written with conditional writes so two executions can never lose each other's entry.
 */
public final class ReleaseRecords {
  static final int HISTORY_LIMIT = 100;
  private static final Logger LOG = Logger.getLogger(ReleaseRecords.class.getName());
  private static final ObjectMapper MAPPER = Json.mapper();
  private static final int WRITE_ATTEMPTS = 5;

  private final ArtifactStore store;
  private final Notifier notifier;
  private final Clock clock;

  public ReleaseRecords(ArtifactStore store, Notifier notifier, Clock clock) {
    this.store = store;
    this.notifier = notifier;
    this.clock = clock;
  }

  public RecordResult record(RecordRequest request) {
    String app = require(request.app(), "app");
    String env = require(request.environment(), "environment");
    Failure failure = failure(request);
    String status = status(request, failure);
    ObjectNode entry = entry(request, status, failure);
    String key = Keys.release(app, env);
    write(key, app, env, entry, failure == null);
    boolean notified = notify(request, status, failure, key);
    return new RecordResult(key, status, failure, notified);
  }

  private void write(String key, String app, String env, ObjectNode entry, boolean live) {
    byte[] body;
    for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      Optional<StoredObject> current = store.find(key);
      ObjectNode doc = current.map(ReleaseRecords::parse).orElseGet(() -> empty(app, env));
      ArrayNode history = doc.withArray("history");
      history.insert(0, entry);
      while (history.size() > HISTORY_LIMIT) {
        history.remove(history.size() - 1);
      }
      if (live) {
        doc.set("live", entry);
      }
      body = bytes(doc);
      boolean written =
          current.isEmpty()
              ? store.putIfAbsent(key, body, "application/json").isPresent()
              : store.putIfMatch(key, body, "application/json", current.get().etag()).isPresent();
      if (written) {
        return;
      }
    }
    throw new RetryableStepException(
        "Slipway.Record.Conflict",
        "the release record "
            + key
            + " kept changing under this write; the state machine retries it. If it persists,"
            + " look for another process writing releases/.");
  }

  private ObjectNode entry(RecordRequest r, String status, Failure failure) {
    ObjectNode e = MAPPER.createObjectNode();
    e.put("executionArn", r.executionArn());
    e.put("build", r.build());
    e.put("commit", r.text("commit"));
    e.put("gitRepo", r.text("git_repo"));
    e.put("gitBranch", r.text("git_branch"));
    e.put("ticket", r.text("ticket"));
    e.put("status", status);
    e.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
    e.put("finishedAt", clock.instant().toString());
    if (r.release() != null && r.release().has("images")) {
      e.set("images", r.release().get("images"));
    }
    e.set("bom", bom(r));
    e.set("liveWhere", liveWhere(r));
    putIfPresent(e, "waves", r.waves());
    putIfPresent(e, "approval", r.approval());
    putIfPresent(e, "annotation", r.annotation());
    putIfPresent(e, "rollback", r.rollback());
    if (failure != null) {
      e.set("failure", MAPPER.valueToTree(failure));
    }
    return e;
  }

  /** The versions validated together: the release's own BOM if it carried one, else app=build. */
  private static JsonNode bom(RecordRequest r) {
    if (r.release() != null && r.release().path("bom").isObject()) {
      return r.release().get("bom");
    }
    ObjectNode bom = MAPPER.createObjectNode();
    String component = r.text("component");
    bom.put(component == null ? r.app() : component, r.build());
    return bom;
  }

  /** Cluster → build, for every cluster a wave of this release deployed to. */
  private static JsonNode liveWhere(RecordRequest r) {
    ObjectNode where = MAPPER.createObjectNode();
    if (r.waves() != null && r.waves().isArray()) {
      for (JsonNode wave : r.waves()) {
        for (JsonNode cluster : wave.path("clusters")) {
          String name = cluster.isTextual() ? cluster.asText() : cluster.path("name").asText();
          if (!name.isEmpty()) {
            where.put(name, r.build());
          }
        }
      }
    }
    return where;
  }

  private static Failure failure(RecordRequest r) {
    if (r.failed().isEmpty()) {
      return null;
    }
    Iterator<Map.Entry<String, Caught>> it = r.failed().entrySet().iterator();
    Map.Entry<String, Caught> first = it.next();
    return FailureNames.describe(
        first.getKey(), first.getValue().error(), first.getValue().cause());
  }

  private static String status(RecordRequest r, Failure failure) {
    if (failure == null) {
      return "succeeded";
    }
    boolean rolledBack =
        r.rollback() != null && r.rollback().path("status").asText("").equals("DONE");
    return rolledBack ? "rolled-back" : "failed";
  }

  private boolean notify(RecordRequest r, String status, Failure failure, String key) {
    String subject =
        "Slipway: " + r.app() + " build " + r.build() + " to " + r.environment() + " " + status;
    StringBuilder message = new StringBuilder(subject).append('\n');
    message.append("execution: ").append(r.executionArn()).append('\n');
    message.append("record: ").append(key).append('\n');
    if (failure != null) {
      message.append("error: ").append(failure.error()).append('\n');
      message.append("cause: ").append(failure.cause()).append('\n');
    }
    try {
      notifier.publish(subject, message.toString());
      return true;
    } catch (RuntimeException e) {
      LOG.warning(() -> "notification not sent for " + key + ": " + e.getMessage());
      return false;
    }
  }

  private static ObjectNode empty(String app, String env) {
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("app", app);
    doc.put("environment", env);
    doc.putNull("live");
    doc.putArray("history");
    return doc;
  }

  private static ObjectNode parse(StoredObject object) {
    try {
      JsonNode node = MAPPER.readTree(object.body());
      if (node instanceof ObjectNode doc) {
        return doc;
      }
    } catch (IOException e) {
      // fall through
    }
    throw new TerminalStepException(
        "Slipway.Record.Corrupt",
        "the release record "
            + object.key()
            + " is not a JSON object. Restore an earlier version from the bucket's versioning and"
            + " run the release again.");
  }

  private static void putIfPresent(ObjectNode node, String field, JsonNode value) {
    if (value != null && !value.isNull() && !value.isMissingNode()) {
      node.set(field, value);
    }
  }

  private static String require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new TerminalStepException(
          "Slipway.Record.InvalidInput",
          "the record state got no '"
              + field
              + "' in $.release; the state machine must pass the execution input there.");
    }
    return value;
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
