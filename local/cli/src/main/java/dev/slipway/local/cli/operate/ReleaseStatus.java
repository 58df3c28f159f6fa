package dev.slipway.local.cli.operate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Where a release is, read from its execution (DescribeExecution, GetExecutionHistory) and the
 * bucket (pending approvals): its state, the waves planned and done, the current wave's rollout,
 * the canary verdict, a gate waiting for a person.
 */
final class ReleaseStatus {
  private static final List<String> GATES = List.of("RequestApproval", "ApproveMarginal");

  private ReleaseStatus() {}

  /** The status of the execution {@code d}, with its history. */
  static ObjectNode of(
      OperatorTarget target, DescribeExecutionResponse d, List<HistoryEvent> history) {
    ObjectNode s = Json.mapper().createObjectNode();
    ObjectNode input = Executions.input(d);
    String app = input.path("app").asText(null);
    String build = Executions.build(input);
    s.put("executionArn", d.executionArn());
    s.put("name", d.name());
    s.put("execution", target.executionLink(d.executionArn()));
    s.put("app", app);
    s.put("environment", input.path("environment").asText(null));
    s.put("build", build);
    s.put("commit", input.path("commit").asText(null));
    s.put("status", d.statusAsString());
    s.put("startedAt", d.startDate() == null ? null : d.startDate().toString());
    if (d.stopDate() != null) {
      s.put("endedAt", d.stopDate().toString());
    }
    if (d.error() != null) {
      s.put("error", d.error());
    }
    if (d.cause() != null) {
      s.put("cause", d.cause());
    }
    String lastState = null;
    ArrayNode planned = null;
    ArrayNode done = Json.mapper().createArrayNode();
    JsonNode currentWave = null;
    JsonNode rollout = null;
    JsonNode canary = null;
    for (HistoryEvent e : history) {
      if (e.stateEnteredEventDetails() != null) {
        lastState = e.stateEnteredEventDetails().name();
      }
      if (e.stateExitedEventDetails() == null) {
        continue;
      }
      String name = e.stateExitedEventDetails().name();
      JsonNode out = parse(e.stateExitedEventDetails().output());
      switch (name) {
        case "Plan" -> {
          if (out.path("plan").path("waves").isArray()) {
            planned = Json.mapper().createArrayNode();
            for (JsonNode w : out.path("plan").path("waves")) {
              planned.add(w.path("name").asText());
            }
          }
        }
        case "WaveStarted" -> {
          currentWave = out.path("wave");
          rollout = null;
        }
        case "CheckRollout" -> rollout = out.path("progress").path("rollout");
        case "Canary" -> canary = out.path("canary");
        case "WaveDone" -> {
          done.add(out.path("wave").path("name").asText(""));
          currentWave = null;
        }
        default -> {
          // other states say nothing a status shows
        }
      }
    }
    s.put("state", lastState);
    if (planned != null) {
      s.set("waves", planned);
    }
    s.set("wavesDone", done);
    if (currentWave != null && !currentWave.isMissingNode()) {
      ObjectNode w = s.putObject("currentWave");
      w.put("name", currentWave.path("name").asText(null));
      ArrayNode clusters = w.putArray("clusters");
      currentWave
          .path("clusters")
          .forEach(c -> clusters.add(c.isTextual() ? c.asText() : c.path("name").asText()));
      if (rollout != null && !rollout.isMissingNode()) {
        w.put("rollout", rollout.path("status").asText(null));
        if (rollout.hasNonNull("message")) {
          w.put("rolloutMessage", rollout.path("message").asText());
        }
      }
    }
    if (canary != null && canary.isObject()) {
      ObjectNode c = s.putObject("canary");
      for (String f : List.of("verdict", "score", "summary")) {
        if (canary.hasNonNull(f)) {
          c.set(f, canary.get(f));
        }
      }
      if (canary.hasNonNull("reportKey")) {
        c.put("report", target.objectLink(canary.path("reportKey").asText()));
      }
    }
    if (d.status() == ExecutionStatus.RUNNING
        && GATES.contains(lastState)
        && app != null
        && build != null) {
      ArrayNode gates = s.putArray("pendingApprovals");
      for (ApprovalRequest a :
          new ApprovalDecisions(target, Clock.systemUTC()).pending(app, build, d.executionArn())) {
        ObjectNode g = gates.addObject();
        g.put("id", a.id());
        g.put("gate", a.gate());
        g.put("expiresAt", a.expiresAt() == null ? null : a.expiresAt().toString());
        String link = a.links().get(dev.slipway.pipeline.ApprovalGate.LINK);
        if (link != null) {
          g.put("link", link);
        }
      }
    }
    return s;
  }

  /** The status as text. */
  static void print(JsonNode s, PrintStream text) {
    text.println(
        s.path("name").asText()
            + ": "
            + s.path("status").asText()
            + (s.hasNonNull("state") ? " (" + s.path("state").asText() + ")" : ""));
    text.println(
        "  release:   "
            + s.path("app").asText("?")
            + " build "
            + s.path("build").asText("?")
            + " to "
            + s.path("environment").asText("?")
            + (s.hasNonNull("commit")
                ? " (commit " + ReleasesCommand.shortCommit(s.path("commit").asText()) + ")"
                : ""));
    Instant started = instant(s.path("startedAt").asText(null));
    Instant ended = instant(s.path("endedAt").asText(null));
    text.println(
        "  started:   "
            + Output.time(started)
            + (ended == null
                ? ""
                : ", ended "
                    + Output.time(ended)
                    + " ("
                    + Output.duration(between(started, ended))
                    + ")"));
    if (s.has("waves")) {
      List<String> done = new ArrayList<>();
      s.path("wavesDone").forEach(w -> done.add(w.asText()));
      String current = s.path("currentWave").path("name").asText(null);
      List<String> each = new ArrayList<>();
      for (JsonNode w : s.path("waves")) {
        String name = w.asText();
        each.add(
            name
                + (done.contains(name)
                    ? " done"
                    : name.equals(current) ? " in progress" : " not started"));
      }
      text.println(
          "  waves:     "
              + done.size()
              + " of "
              + s.path("waves").size()
              + " done: "
              + String.join(", ", each));
    }
    JsonNode w = s.path("currentWave");
    if (w.isObject()) {
      text.println(
          "  wave "
              + w.path("name").asText()
              + ":  "
              + join(w.path("clusters"))
              + (w.hasNonNull("rollout") ? ", rollout " + w.path("rollout").asText() : "")
              + (w.hasNonNull("rolloutMessage")
                  ? " (" + Texts.shortEscaped(w.path("rolloutMessage").asText(), 200) + ")"
                  : ""));
    }
    JsonNode c = s.path("canary");
    if (c.isObject()) {
      text.println(
          "  canary:    "
              + c.path("verdict").asText("?")
              + (c.has("score") ? " (score " + c.path("score").asText() + ")" : "")
              + (c.has("report") ? " " + c.path("report").asText() : ""));
    }
    for (JsonNode g : s.path("pendingApprovals")) {
      text.println(
          "  waiting:   approval "
              + g.path("id").asText()
              + " (gate "
              + g.path("gate").asText()
              + ", until "
              + Output.time(instant(g.path("expiresAt").asText(null)))
              + "): slipway approve|reject "
              + g.path("id").asText());
      if (g.has("link")) {
        text.println("             or the page: " + g.path("link").asText());
      }
    }
    if (s.hasNonNull("error")) {
      text.println(
          "  ended with: "
              + s.path("error").asText()
              + (s.hasNonNull("cause")
                  ? ": " + Texts.shortEscaped(s.path("cause").asText(), 300)
                  : ""));
    }
    text.println("  execution: " + s.path("execution").asText());
  }

  private static String join(JsonNode array) {
    StringBuilder b = new StringBuilder("[");
    for (JsonNode n : array) {
      b.append(b.length() > 1 ? ", " : "").append(n.asText());
    }
    return b.append(']').toString();
  }

  private static Duration between(Instant a, Instant b) {
    return a == null || b == null ? null : Duration.between(a, b);
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return Json.mapper().createObjectNode();
    }
    try {
      JsonNode n = Json.mapper().readTree(json);
      return n == null ? Json.mapper().createObjectNode() : n;
    } catch (IOException e) {
      return Json.mapper().createObjectNode();
    }
  }
}
