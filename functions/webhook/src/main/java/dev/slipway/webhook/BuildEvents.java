package dev.slipway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.Trigger;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Slipway's generic build event, for any CI (docs/webhooks.md has the format):
 *
 * <pre>
 * {"app": "checkout", "git_repo": "...", "git_branch": "main", "build_num": "142",
 *  "commit": "&lt;sha&gt;", "status": "success", "environment": "stg", "ticket": "ABC-123",
 *  "message": "...", "component": "...", "images": {"runtime": "...", "build": "..."},
 *  "skip": ["canary"], "rerun": 0, "url": "..."}
 * </pre>
 */
final class BuildEvents {
  static final Set<String> SKIPS = Set.of("canary", "static_sync");

  private BuildEvents() {}

  static Reading read(String delivery, JsonNode body) {
    String app = Fields.required(body, "app");
    String build = Fields.number(body, "build_num");
    String status = Fields.text(body, "status");
    if (status != null && !status.equalsIgnoreCase("success")) {
      return new Outcome.Ignore(
          "build "
              + Fields.clip(app)
              + " #"
              + Fields.clip(build)
              + " has status '"
              + Fields.clip(status)
              + "'; only success is released");
    }
    Fields.object(body, "images");
    Set<String> skips = new HashSet<>();
    JsonNode skip = body.path("skip");
    if (!skip.isMissingNode() && !skip.isNull()) {
      if (!skip.isArray()) {
        throw new Fields.BadRequest("field 'skip' must be an array, was " + Fields.type(skip));
      }
      for (JsonNode s : skip) {
        String name = s.isTextual() ? s.asText().toLowerCase(Locale.ROOT).replace('-', '_') : null;
        if (name == null || !SKIPS.contains(name)) {
          throw new Fields.BadRequest(
              "field 'skip' may hold "
                  + String.join(", ", SKIPS.stream().sorted().toList())
                  + "; got "
                  + Fields.clip(s.toString()));
        }
        skips.add(name);
      }
    }
    JsonNode rerun = body.path("rerun");
    int n = 0;
    if (rerun.isIntegralNumber() || rerun.isTextual()) {
      n = Fields.rerun(rerun.asText(), "field 'rerun'");
    } else if (!rerun.isMissingNode() && !rerun.isNull()) {
      throw new Fields.BadRequest("field 'rerun' must be a number, was " + Fields.type(rerun));
    }
    return BuildReport.of(Trigger.BUILD, "build", delivery)
        .url(Fields.text(body, "url"))
        .app(app)
        .repo(Fields.required(body, "git_repo"))
        .branch(Fields.required(body, "git_branch"))
        .build(build)
        .commit(Fields.required(body, "commit"))
        .texts(List.of(nullToEmpty(Fields.prose(body, "message"))))
        .ticket(Fields.text(body, "ticket"))
        .environment(Fields.text(body, "environment"))
        .component(Fields.text(body, "component"))
        .images(Fields.text(body, "images.runtime"), Fields.text(body, "images.build"))
        .skips(skips)
        .rerun(n)
        .report();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
