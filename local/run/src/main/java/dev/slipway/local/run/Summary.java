package dev.slipway.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.HistoryEvent;
import dev.slipway.model.Json;
import dev.slipway.reconcile.ReconcileResult;
import dev.slipway.store.Keys;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end of {@code slipway run}: status, waves and clusters, canary verdict and score, where the
 * report and the release record were copied, state transitions and the estimated AWS cost.
 */
public final class Summary {
  private Summary() {}

  /**
   * Copies the run's artifacts, record and lock out of the bucket into {@code runDir} and prints
   * the summary; returns the copied files.
   */
  public static List<Path> print(
      ReleaseRun.Result result, LocalEnvironment env, Path runDir, PrintStream out)
      throws IOException {
    Execution ex = result.execution();
    JsonNode plan = planOf(ex.history());
    String app = plan.path("app").asText("");
    String build = plan.path("build").asText("");
    String environment = plan.path("environment").asText("");
    List<Path> copied = new ArrayList<>();
    if (!app.isEmpty() && !build.isEmpty()) {
      copied.addAll(env.copyOut(Keys.artifacts(app, build), runDir));
      if (!environment.isEmpty()) {
        copied.addAll(env.copyOut(Keys.release(app, environment), runDir));
      }
    }
    Files.createDirectories(runDir);
    Files.writeString(
        runDir.resolve("execution.json"), Json.mapper().writeValueAsString(ex.toJson(true)));

    out.println();
    out.println("Status:      " + ex.status() + (ex.error() == null ? "" : "  " + ex.error()));
    if (ex.cause() != null) {
      out.println("             " + ex.cause());
    }
    StringBuilder waves = new StringBuilder();
    for (JsonNode w : plan.path("waves")) {
      if (waves.length() > 0) {
        waves.append(" → ");
      }
      List<String> clusters = new ArrayList<>();
      for (JsonNode c : w.path("clusters")) {
        clusters.add(c.isTextual() ? c.asText() : c.path("name").asText());
      }
      waves.append(w.path("name").asText()).append(" ").append(clusters);
    }
    out.println("Waves:       " + (waves.length() == 0 ? "(no plan)" : waves));
    boolean anyCanary = false;
    for (Path p : copied) {
      String name = p.getFileName().toString();
      if (p.getParent().getFileName().toString().equals("canary") && name.endsWith(".json")) {
        JsonNode r = Json.mapper().readTree(p.toFile());
        Path html = p.resolveSibling(name.replace(".json", ".html"));
        out.printf(
            "Canary:      %s %s, score %s%n             report %s%n",
            name.replace(".json", ""),
            r.path("score").path("classification").asText("?"),
            r.path("score").path("score").asText("?"),
            html);
        anyCanary = true;
      }
    }
    if (!anyCanary) {
      out.println("Canary:      not run");
    }
    Path record =
        runDir.resolve(
            Keys.release(app.isEmpty() ? "_" : app, environment.isEmpty() ? "_" : environment));
    out.println("Record:      " + (Files.exists(record) ? record : "(none written)"));
    result.reconciled().ifPresent(r -> out.println("Reconciled:  " + reconciled(r)));
    out.println("Artifacts:   " + runDir + " (" + copied.size() + " files, execution.json)");

    Map<String, long[]> perFunction = new TreeMap<>();
    for (Meter.Invocation i : result.invocations()) {
      long[] a = perFunction.computeIfAbsent(i.function(), k -> new long[2]);
      a[0]++;
      a[1] += i.nanos();
    }
    out.printf(
        Locale.ROOT,
        "Transitions: %d (every state entered, Map iterations and retries included)%n",
        result.transitions());
    out.printf(
        Locale.ROOT,
        "Cost:        $%.6f = Step Functions $%.6f + Lambda $%.6f (%d invocations: %s)%n",
        result.stepFunctionsUsd() + result.lambdaUsd(),
        result.stepFunctionsUsd(),
        result.lambdaUsd(),
        result.invocations().size(),
        perFunction.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue()[0] + "×")
            .reduce((a, b) -> a + ", " + b)
            .orElse("none"));
    out.println(
        "             assumes Standard workflows at $0.025 per 1,000 transitions and arm64 Lambda"
            + " at $0.0000133334 per GB-s, at the stack's memory sizes and these local (warm)"
            + " durations; no requests, free tier or cold starts");
    out.printf(Locale.ROOT, "Wall time:   %.1f s%n", result.wallTime().toMillis() / 1000.0);
    return copied;
  }

  /**
   * What reconcile did, in one line: the record's outcome, the clusters rolled back (or why not),
   * the annotation and the lock.
   */
  static String reconciled(ReconcileResult r) {
    if (!"reconciled".equals(r.action())) {
      return r.action() + (r.lockReleased() ? ", lock released" : "") + ": " + r.message();
    }
    List<String> parts = new ArrayList<>();
    parts.add(
        "record " + r.outcome() + (r.lastState() == null ? "" : " (in " + r.lastState() + ")"));
    if (!r.rolledBack().isEmpty()) {
      parts.add("rolled back " + String.join(", ", r.rolledBack()));
    } else if (r.rollbackSkipped() != null) {
      parts.add("no rollback: " + r.rollbackSkipped());
    } else {
      parts.add("no cluster to roll back");
    }
    if (!r.rollbackFailures().isEmpty()) {
      parts.add("could not roll back: " + String.join("; ", r.rollbackFailures()));
    }
    parts.add(r.annotationClosed() ? "annotation closed" : "no annotation to close");
    parts.add(r.lockReleased() ? "lock released" : "no lock held");
    return String.join("; ", parts);
  }

  /** The plan the Plan state produced, from its exit event (empty when Plan failed). */
  static JsonNode planOf(List<HistoryEvent> history) {
    for (HistoryEvent e : history) {
      if (e.type().equals("TaskStateExited")
          && e.details() != null
          && e.details().path("name").asText().equals("Plan")) {
        try {
          return Json.mapper().readTree(e.details().path("output").asText()).path("plan");
        } catch (IOException bad) {
          return Json.mapper().createObjectNode();
        }
      }
    }
    return Json.mapper().createObjectNode();
  }
}
