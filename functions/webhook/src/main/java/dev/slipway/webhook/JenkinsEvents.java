package dev.slipway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.Trigger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Jenkins Notification plugin's JSON: {@code name}, {@code build.number}, {@code build.phase},
 * {@code build.status}, {@code build.scm.{url,branch,commit}}, {@code build.parameters}. Only
 * {@code COMPLETED} or {@code FINALIZED} with {@code SUCCESS} starts a release; the plugin sends
 * both for one build, and both give the same execution name.
 *
 * <p>Build parameters Slipway reads (case-insensitive): {@code SLIPWAY_APP}, {@code
 * SLIPWAY_ENVIRONMENT}, {@code TICKET}, {@code COMPONENT}, {@code RUNTIME_IMAGE}, {@code
 * BUILD_IMAGE}, {@code SKIP_CANARY}, {@code SKIP_STATIC_SYNC}, {@code SLIPWAY_RERUN}.
 */
final class JenkinsEvents {
  static final Set<String> DONE_PHASES = Set.of("COMPLETED", "FINALIZED");

  private JenkinsEvents() {}

  static Reading read(String delivery, JsonNode body) {
    String job = Fields.required(body, "name");
    Fields.object(body, "build");
    String phase = Fields.required(body, "build.phase");
    String status = Fields.text(body, "build.status");
    String number = Fields.number(body, "build.number");
    if (!DONE_PHASES.contains(phase)) {
      return new Outcome.Ignore(
          "Jenkins build "
              + Fields.clip(job)
              + " #"
              + Fields.clip(number)
              + " is "
              + Fields.clip(phase)
              + "; only COMPLETED or FINALIZED builds are released");
    }
    if (!"SUCCESS".equals(status)) {
      return new Outcome.Ignore(
          "Jenkins build "
              + Fields.clip(job)
              + " #"
              + Fields.clip(number)
              + " ended "
              + (status == null ? "without a status" : Fields.clip(status))
              + "; only SUCCESS is released");
    }
    Map<String, String> params = parameters(body);
    String scmUrl = Fields.text(body, "build.scm.url");
    String branch = branch(Fields.text(body, "build.scm.branch"));
    String commit = Fields.text(body, "build.scm.commit");
    if (commit == null || commit.isBlank()) {
      throw new Fields.BadRequest("field 'build.scm.commit' is required (use the Git plugin)");
    }
    List<String> texts = new ArrayList<>();
    JsonNode changes = body.path("build").path("scm").path("changes");
    if (changes.isArray()) {
      for (JsonNode c : changes) {
        texts.add(c.isTextual() ? c.asText() : c.path("msg").asText(c.path("message").asText("")));
      }
    }
    texts.add(Fields.prose(body, "build.notes"));
    Set<String> skips = new HashSet<>();
    if (Boolean.parseBoolean(param(params, "SKIP_CANARY"))) {
      skips.add("canary");
    }
    if (Boolean.parseBoolean(param(params, "SKIP_STATIC_SYNC"))) {
      skips.add("static_sync");
    }
    return BuildReport.of(Trigger.JENKINS, phase, delivery)
        .url(Fields.text(body, "build.full_url"))
        .app(param(params, "SLIPWAY_APP"))
        .repo(scmUrl)
        .branch(branch)
        .build(number)
        .commit(commit)
        .texts(texts)
        .ticket(param(params, "TICKET"))
        .environment(param(params, "SLIPWAY_ENVIRONMENT"))
        .component(param(params, "COMPONENT"))
        .images(param(params, "RUNTIME_IMAGE"), param(params, "BUILD_IMAGE"))
        .skips(skips)
        .rerun(Fields.rerun(param(params, "SLIPWAY_RERUN"), "parameter SLIPWAY_RERUN"))
        .report();
  }

  /** A build parameter Slipway reads: one line of plain text, or null. */
  private static String param(Map<String, String> params, String name) {
    return Fields.line(params.get(name), "parameter " + name);
  }

  private static Map<String, String> parameters(JsonNode body) {
    JsonNode p = Fields.object(body, "build.parameters");
    Map<String, String> out = new java.util.HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getValue().isValueNode() && !e.getValue().isNull()) {
        out.put(e.getKey().toUpperCase(Locale.ROOT), e.getValue().asText());
      }
    }
    return out;
  }

  /** {@code origin/main}, {@code refs/heads/main} and {@code main} are all {@code main}. */
  static String branch(String scmBranch) {
    if (scmBranch == null) {
      return null;
    }
    String b = scmBranch.trim();
    if (b.startsWith("refs/heads/")) {
      return b.substring("refs/heads/".length());
    }
    if (b.startsWith("refs/remotes/")) {
      b = b.substring("refs/remotes/".length());
    }
    int slash = b.indexOf('/');
    if (b.startsWith("origin/") && slash > 0) {
      return b.substring(slash + 1);
    }
    return b;
  }
}
