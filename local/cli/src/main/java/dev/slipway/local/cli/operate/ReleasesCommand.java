package dev.slipway.local.cli.operate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.Keys;
import dev.slipway.store.StoredObject;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slipway releases --app A [--env E] [--limit N]}: the release history of an app, from its
 * release records ({@code releases/<app>/<env>.json}), and what is live in each cluster.
 */
@Command(
    name = "releases",
    description = {
      "The release history of an app from its release records: build, commit, outcome, started,"
          + " duration, who approved, the canary verdict and score, the report and the execution;"
          + " and which build is live in each cluster."
    })
public final class ReleasesCommand implements Callable<Integer> {
  public static final String NO_RECORD = "Slipway.Cli.NoReleaseRecord";

  @Mixin TargetOptions target;

  @Option(names = "--app", required = true, paramLabel = "APP", description = "the application")
  String app;

  @Option(
      names = "--env",
      paramLabel = "ENV",
      description = "one environment (default: every environment the app has a record for)")
  String env;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "10",
      description = "at most this many releases per environment, newest first (default 10)")
  int limit;

  @Override
  public Integer call() {
    Output out = target.output(System.out);
    try (OperatorTarget t = target.open()) {
      ArrayNode result = Json.mapper().createArrayNode();
      for (String e : environments(t)) {
        result.add(history(t, e));
      }
      out.result(result, text -> print(result, text));
    }
    return 0;
  }

  private List<String> environments(OperatorTarget t) {
    if (env != null) {
      return List.of(env);
    }
    String prefix = Keys.release(app, "x");
    prefix = prefix.substring(0, prefix.length() - "x.json".length());
    List<String> envs = new ArrayList<>();
    for (String key : t.store().list(prefix)) {
      if (key.endsWith(".json") && key.indexOf('/', prefix.length()) < 0) {
        envs.add(key.substring(prefix.length(), key.length() - ".json".length()));
      }
    }
    if (envs.isEmpty()) {
      throw new TerminalStepException(
          NO_RECORD,
          "no release records for app '"
              + Texts.shortEscaped(app)
              + "' in "
              + t.name()
              + " (nothing under "
              + prefix
              + "): it has not been released there yet, or the app's name differs.");
    }
    return envs;
  }

  /** One environment's record, as the command shows it. */
  private ObjectNode history(OperatorTarget t, String environment) {
    String key = Keys.release(app, environment);
    StoredObject stored =
        t.store()
            .find(key)
            .orElseThrow(
                () ->
                    new TerminalStepException(
                        NO_RECORD,
                        "no release record "
                            + key
                            + " in "
                            + t.name()
                            + ": app '"
                            + Texts.shortEscaped(app)
                            + "' has not been released to '"
                            + Texts.shortEscaped(environment)
                            + "' yet."));
    JsonNode doc;
    try {
      doc = Json.mapper().readTree(stored.body());
    } catch (IOException e) {
      throw new TerminalStepException(
          "Slipway.Cli.UnreadableRecord", "the release record " + key + " is not JSON");
    }
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("app", app);
    out.put("environment", environment);
    out.put("record", key);
    out.set("live", liveByCluster(doc.path("history")));
    ArrayNode releases = out.putArray("releases");
    for (JsonNode entry : doc.path("history")) {
      if (releases.size() >= limit) {
        break;
      }
      releases.add(release(t, entry));
    }
    return out;
  }

  /** Cluster → the build and execution of the newest release that succeeded there. */
  static ObjectNode liveByCluster(JsonNode history) {
    Map<String, ObjectNode> live = new TreeMap<>();
    for (JsonNode entry : history) {
      if (!"succeeded".equals(entry.path("status").asText())) {
        continue;
      }
      Iterator<String> clusters = entry.path("liveWhere").fieldNames();
      while (clusters.hasNext()) {
        String c = clusters.next();
        live.computeIfAbsent(
            c,
            k ->
                Json.mapper()
                    .createObjectNode()
                    .put("build", entry.path("liveWhere").path(k).asText())
                    .put("commit", entry.path("commit").asText(null))
                    .put("executionArn", entry.path("executionArn").asText(null)));
      }
    }
    ObjectNode out = Json.mapper().createObjectNode();
    live.forEach(out::set);
    return out;
  }

  /** One history entry, with its links and the fields people ask for first. */
  private static ObjectNode release(OperatorTarget t, JsonNode entry) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("build", entry.path("build").asText(null));
    r.put("commit", entry.path("commit").asText(null));
    r.put("outcome", entry.path("status").asText(null));
    r.put("startedAt", entry.path("startedAt").asText(null));
    r.put("endedAt", entry.path("finishedAt").asText(null));
    Duration took = duration(entry);
    if (took != null) {
      r.put("durationSeconds", took.toSeconds());
    }
    approver(entry.path("approval")).ifPresent(a -> r.put("approvedBy", a));
    JsonNode canary = lastCanary(entry);
    if (canary != null) {
      r.put("canaryVerdict", canary.path("verdict").asText(null));
      if (canary.has("score")) {
        r.set("canaryScore", canary.get("score"));
      }
      String report = canary.path("reportKey").asText(null);
      if (report != null) {
        r.put("report", t.objectLink(report));
      }
    }
    String arn = entry.path("executionArn").asText(null);
    r.put("executionArn", arn);
    if (arn != null) {
      r.put("execution", t.executionLink(arn));
    }
    if (entry.has("stoppedWith")) {
      r.set("stoppedWith", entry.get("stoppedWith"));
    }
    if (entry.has("failure")) {
      r.set("failure", entry.get("failure"));
    }
    return r;
  }

  /** Who approved: the verified identity the decision carries, else the name given. */
  static Optional<String> approver(JsonNode approval) {
    for (String f : List.of("decidedBy", "by")) {
      if (approval.path(f).isTextual() && !approval.path(f).asText().isBlank()) {
        return Optional.of(approval.path(f).asText());
      }
    }
    return Optional.empty();
  }

  private static JsonNode lastCanary(JsonNode entry) {
    JsonNode last = null;
    for (JsonNode w : entry.path("waves")) {
      if (w.path("canary").isObject()) {
        last = w.get("canary");
      }
    }
    return last;
  }

  private static Duration duration(JsonNode entry) {
    try {
      return Duration.between(
          Instant.parse(entry.path("startedAt").asText()),
          Instant.parse(entry.path("finishedAt").asText()));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void print(ArrayNode result, PrintStream text) {
    for (JsonNode env : result) {
      text.println(env.path("app").asText() + " in " + env.path("environment").asText());
      if (env.path("live").isEmpty()) {
        text.println("  live: nothing released successfully yet");
      } else {
        env.path("live")
            .fields()
            .forEachRemaining(
                c ->
                    text.println(
                        "  live in "
                            + c.getKey()
                            + ": build "
                            + c.getValue().path("build").asText()
                            + commitSuffix(c.getValue().path("commit").asText(null))));
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode r : env.path("releases")) {
        rows.add(
            List.of(
                r.path("build").asText(""),
                shortCommit(r.path("commit").asText(null)),
                r.path("outcome").asText(""),
                Output.time(instant(r.path("startedAt").asText(null))),
                r.has("durationSeconds")
                    ? Output.duration(Duration.ofSeconds(r.path("durationSeconds").asLong()))
                    : "",
                r.path("approvedBy").asText(""),
                canary(r)));
      }
      text.println();
      Output.table(
              List.of("BUILD", "COMMIT", "OUTCOME", "STARTED", "TOOK", "APPROVED BY", "CANARY"),
              rows)
          .forEach(line -> text.println("  " + line));
      for (JsonNode r : env.path("releases")) {
        text.println();
        text.println("  build " + r.path("build").asText() + ":");
        if (r.has("stoppedWith")) {
          text.println("    stopped: " + r.path("stoppedWith").path("cause").asText(""));
        } else if (r.has("failure")) {
          text.println(
              "    failure: "
                  + r.path("failure").path("error").asText("")
                  + ": "
                  + Texts.shortEscaped(r.path("failure").path("cause").asText(""), 200));
        }
        if (r.has("report")) {
          text.println("    report:    " + r.path("report").asText());
        }
        if (r.has("execution")) {
          text.println("    execution: " + r.path("execution").asText());
        }
      }
      text.println();
    }
  }

  private static String canary(JsonNode r) {
    if (!r.hasNonNull("canaryVerdict")) {
      return "";
    }
    return r.path("canaryVerdict").asText()
        + (r.has("canaryScore") ? " " + r.path("canaryScore").asText() : "");
  }

  private static String commitSuffix(String commit) {
    return commit == null ? "" : " (" + shortCommit(commit) + ")";
  }

  static String shortCommit(String commit) {
    return commit == null ? "" : commit.length() > 7 ? commit.substring(0, 7) : commit;
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
