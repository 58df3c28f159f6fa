package dev.slipway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import dev.slipway.model.ReleaseRequest;
import dev.slipway.model.ReleaseSource;
import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import dev.slipway.store.StoredObject;
import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
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
  private final ArtifactLinks links;

  public ReleaseRecords(ArtifactStore store, Notifier notifier, Clock clock, ArtifactLinks links) {
    this.store = store;
    this.notifier = notifier;
    this.clock = clock;
    this.links = links;
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
    return new RecordResult(key, status, failure, notified, reportUrl(request));
  }

  /**
   * Adds an entry written outside the execution (functions/reconcile: an execution that timed out
   * or was stopped) to the history, never as the live release, with the same conditional write.
   *
   * @return the record's key
   */
  public String append(String app, String env, ObjectNode entry) {
    String key = Keys.release(require(app, "app"), require(env, "environment"));
    write(key, app, env, entry, false);
    return key;
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
    e.put("component", r.text("component"));
    putIfPresent(e, "source", source(r));
    e.put("status", status);
    e.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
    e.put("finishedAt", clock.instant().toString());
    JsonNode release = r.release();
    if (release.has("images")) {
      e.set("images", release.get("images"));
    }
    e.set("bom", bom(r));
    e.set("liveWhere", liveWhere(r));
    e.set("waves", waves(r));
    putIfPresent(e, "diff", summary(r.at("diff")));
    putIfPresent(e, "approval", r.at("approval"));
    putIfPresent(e, "annotation", r.at("plan") == null ? null : r.at("plan").get("annotation"));
    putIfPresent(e, "annotationFailure", r.at("annotationFailure"));
    putIfPresent(e, "rollback", r.at("rollback"));
    if (failure != null) {
      e.set("failure", MAPPER.valueToTree(failure));
    }
    return e;
  }

  /**
   * What recorded release this one repeated (kind, build, environment, execution, who asked and
   * why), when the request carried a source that passes {@link ReleaseSource#check}; a refused
   * source (Plan failed on it, and the entry's failure says so) is not copied.
   */
  static JsonNode source(RecordRequest r) {
    JsonNode release = r.release();
    if (!release.path("source").isObject()) {
      return null;
    }
    try {
      ReleaseRequest request = MAPPER.treeToValue(release, ReleaseRequest.class);
      return ReleaseSource.problem(request).isEmpty() ? MAPPER.valueToTree(request.source()) : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Per wave: its name, clusters, rollout status and canary verdict (with each judged cluster's
   * verdict and score, as bounded in the canary state).
   */
  private static JsonNode waves(RecordRequest r) {
    ArrayNode out = MAPPER.createArrayNode();
    JsonNode waves = r.at("waves");
    if (waves == null) {
      return out;
    }
    for (JsonNode w : waves) {
      ObjectNode wave = out.addObject();
      wave.put("name", w.path("wave").path("name").asText(null));
      ArrayNode clusters = wave.putArray("clusters");
      w.path("wave").path("clusters").forEach(c -> clusters.add(clusterName(c)));
      wave.put("rollout", w.path("progress").path("rollout").path("status").asText(null));
      JsonNode canary = w.get("canary");
      if (canary != null && canary.isObject()) {
        ObjectNode c = wave.putObject("canary");
        for (String f :
            List.of("verdict", "score", "summary", "reportKey", "resultKey", "clusters")) {
          putIfPresent(c, f, canary.get(f));
        }
      }
    }
    return out;
  }

  /** A wave's cluster: its name (WaveDone keeps only the names), or an older state's reference. */
  private static String clusterName(JsonNode cluster) {
    return cluster.isTextual() ? cluster.asText() : cluster.path("name").asText("");
  }

  private static JsonNode summary(JsonNode diff) {
    if (diff == null) {
      return null;
    }
    ObjectNode s = MAPPER.createObjectNode();
    for (String f : List.of("created", "changed", "unchanged", "left", "keys")) {
      putIfPresent(s, f, diff.get(f));
    }
    return s;
  }

  /** The versions validated together: the release's own BOM if it carried one, else app=build. */
  private static JsonNode bom(RecordRequest r) {
    if (r.release().path("bom").isObject()) {
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
    JsonNode waves = r.at("waves");
    if (waves != null) {
      for (JsonNode wave : waves) {
        for (JsonNode cluster : wave.path("wave").path("clusters")) {
          String name = clusterName(cluster);
          if (!name.isEmpty()) {
            where.put(name, r.build());
          }
        }
      }
    }
    return where;
  }

  /** The canary report of the last wave that has one, as a console link; null when none. */
  private String reportUrl(RecordRequest r) {
    JsonNode waves = r.at("waves");
    String key = null;
    if (waves != null) {
      for (JsonNode w : waves) {
        String k = w.path("canary").path("reportKey").asText(null);
        key = k == null ? key : k;
      }
    }
    return key == null ? null : links.artifactUrl(key);
  }

  private static Failure failure(RecordRequest r) {
    Map<String, Caught> failed = r.failed();
    Failure first = null;
    if (!failed.isEmpty()) {
      Iterator<Map.Entry<String, Caught>> it = failed.entrySet().iterator();
      Map.Entry<String, Caught> e = it.next();
      first = FailureNames.describe(e.getKey(), e.getValue().error(), e.getValue().cause());
    }
    Caught rollback = r.rollbackFailure();
    if (rollback == null) {
      return first;
    }
    Failure stuck = FailureNames.describe("Rollback", rollback.error(), rollback.cause());
    String cause =
        stuck.error().equals("Slipway.Rollback.Failed")
            ? stuck.cause()
            : "the rollback itself failed (" + stuck.error() + ": " + stuck.cause() + ")";
    return new Failure(
        "Slipway.Rollback.Failed",
        cause
            + (first == null
                ? ""
                : " The release had failed first: " + first.error() + ": " + first.cause())
            + " Put the clusters named here back by hand (the snapshots are under snapshots/).");
  }

  private static String status(RecordRequest r, Failure failure) {
    if (failure == null) {
      return "succeeded";
    }
    if (r.rollbackFailure() != null) {
      return "failed";
    }
    JsonNode rollback = r.at("rollback");
    boolean restored = false;
    if (rollback != null) {
      for (JsonNode cluster : rollback) {
        restored |= count(cluster.path("restored")) > 0 || count(cluster.path("deleted")) > 0;
      }
    }
    return restored ? "rolled-back" : "failed";
  }

  /**
   * A rollback count: the state machine carries numbers (the lists would grow the state with every
   * object of every cluster); older states and reconcile's entries may carry the lists.
   */
  private static int count(JsonNode node) {
    return node.isNumber() ? node.asInt() : node.size();
  }

  private boolean notify(RecordRequest r, String status, Failure failure, String key) {
    JsonNode source = source(r);
    String subject =
        "Slipway: "
            + r.app()
            + " build "
            + r.build()
            + " to "
            + r.environment()
            + " "
            + status
            + (source == null ? "" : " (" + source.path("kind").asText() + ")");
    StringBuilder message = new StringBuilder(subject).append('\n');
    if (source != null) {
      message
          .append("requested by: ")
          .append(source.path("requestedBy").asText())
          .append(source.hasNonNull("reason") ? " (" + source.get("reason").asText() + ")" : "")
          .append('\n');
    }
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
