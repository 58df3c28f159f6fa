package dev.slipway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.Application;
import dev.slipway.config.Environment;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.config.Trigger;
import dev.slipway.model.FieldText;
import dev.slipway.model.Json;
import dev.slipway.model.ReleaseRequest;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a {@link BuildReport} into a release (or a reason to start nothing), using the
 * configuration: which application, whether this trigger and branch release it, which environment,
 * which images, and the execution's name.
 */
final class ReleasePlanner {
  static final Pattern BUILD = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._+-]{1,64}");
  static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");
  static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._:/@-]{0,254}[A-Za-z0-9._-]");

  private ReleasePlanner() {}

  static Outcome plan(BuildReport r, SlipwayConfig config, String source, Instant receivedAt) {
    Application app;
    if (r.app() != null && !r.app().isBlank()) {
      Optional<Application> named = config.application(r.app());
      if (named.isEmpty()) {
        return Outcome.Reject.malformed(
            "no application '"
                + Fields.clip(r.app())
                + "' in the configuration (configured: "
                + names(config.applications())
                + ")");
      }
      app = named.get();
    } else {
      List<Application> apps = config.applicationsForRepo(r.repo());
      List<Application> listening =
          apps.stream().filter(a -> a.triggers().contains(r.trigger())).toList();
      if (apps.isEmpty()) {
        return new Outcome.Ignore(
            "no application is configured for repository " + Fields.clip(String.valueOf(r.repo())));
      }
      if (listening.size() > 1) {
        return Outcome.Reject.malformed(
            "repository "
                + Fields.clip(r.repo())
                + " holds applications "
                + names(listening)
                + "; name one (SLIPWAY_APP parameter, or the 'app' field)");
      }
      app = listening.isEmpty() ? apps.get(0) : listening.get(0);
    }
    if (!app.triggers().contains(r.trigger())) {
      return new Outcome.Ignore(
          "application "
              + app.name()
              + " is not released by "
              + r.trigger().id()
              + " events (its triggers: "
              + String.join(", ", app.triggers().stream().map(t -> t.id()).toList())
              + ")");
    }
    if (r.workflowName() != null || r.workflowPath() != null) {
      if (r.trigger() == Trigger.GITHUB_WORKFLOW_RUN
          && !app.isBuildWorkflow(r.workflowName(), r.workflowPath())) {
        return new Outcome.Ignore(
            "workflow '"
                + Fields.clip(String.valueOf(r.workflowName()))
                + "' is not a build of "
                + app.name()
                + " (its workflows: "
                + String.join(", ", app.workflows())
                + ")");
      }
    }

    Environment env;
    if (r.environment() != null && !r.environment().isBlank()) {
      Optional<Environment> named = app.environment(r.environment());
      if (named.isEmpty()) {
        return Outcome.Reject.malformed(
            "application "
                + app.name()
                + " has no environment '"
                + Fields.clip(r.environment())
                + "' (its environments: "
                + String.join(", ", app.environments().stream().map(Environment::name).toList())
                + ")");
      }
      env = named.get();
      if (r.tag() == null && !app.isReleaseBranch(r.branch())) {
        return notReleaseBranch(app, r.branch());
      }
    } else if (r.tag() != null) {
      Optional<Environment> byTag = app.environmentForTag(r.tag());
      if (byTag.isEmpty()) {
        return new Outcome.Ignore(
            "no environment of " + app.name() + " takes tag " + Fields.clip(r.tag()));
      }
      env = byTag.get();
    } else {
      if (!app.isReleaseBranch(r.branch())) {
        return notReleaseBranch(app, r.branch());
      }
      Optional<Environment> byBranch = app.environmentForBranch(r.branch());
      if (byBranch.isEmpty()) {
        return new Outcome.Ignore(
            "no environment of " + app.name() + " takes branch " + Fields.clip(r.branch()));
      }
      env = byBranch.get();
    }

    if (!BUILD.matcher(r.build()).matches()) {
      return Outcome.Reject.malformed(
          "build number '"
              + Fields.clip(r.build())
              + "' may only hold letters, digits and . _ + - (not '.' or '..')"
              + " (at most 64)");
    }
    String commit = r.commit() == null ? null : r.commit().trim().toLowerCase(Locale.ROOT);
    if (commit != null && !COMMIT.matcher(commit).matches()) {
      return Outcome.Reject.malformed(
          "commit '" + Fields.clip(r.commit()) + "' is not a Git commit SHA (7 to 40 hex digits)");
    }
    for (String skip : r.skips()) {
      if (!BuildEvents.SKIPS.contains(skip)) {
        return Outcome.Reject.malformed("unknown skip flag '" + Fields.clip(skip) + "'");
      }
    }

    Application.Images images = app.images();
    String runtime = r.runtimeImage();
    if (runtime == null && images != null) {
      runtime = images.runtime() + ":" + images.tagFor(r.build(), commit);
    }
    if (runtime == null) {
      return Outcome.Reject.malformed(
          "no runtime image: send one (images.runtime / RUNTIME_IMAGE) or configure"
              + " applications["
              + app.name()
              + "].images.runtime");
    }
    String buildImage = r.buildImage();
    if (buildImage == null && images != null && images.build() != null) {
      buildImage = images.build() + ":" + images.tagFor(r.build(), commit);
    }
    for (String image : new String[] {runtime, buildImage}) {
      if (image != null && !IMAGE.matcher(image).matches()) {
        return Outcome.Reject.malformed("'" + Fields.clip(image) + "' is not an image reference");
      }
    }
    if (runtime.equals(buildImage)) {
      return Outcome.Reject.malformed("the runtime image must not be the build image");
    }

    String ticket =
        r.ticket() != null && !r.ticket().isBlank() ? r.ticket() : Tickets.find(r.texts());
    ReleaseRequest release =
        new ReleaseRequest(
            app.name(),
            env.name(),
            r.repo() != null ? r.repo() : app.repo(),
            r.branch() == null ? "" : r.branch(),
            r.build(),
            commit,
            ticket,
            r.component() != null && !r.component().isBlank() ? r.component() : app.componentName(),
            new ReleaseRequest.Images(runtime, buildImage),
            r.skips().contains("canary"),
            r.skips().contains("static_sync"),
            r.rerun(),
            new ReleaseRequest.Trigger(source, r.event(), r.delivery(), r.url(), receivedAt),
            null);
    Optional<String> unsafe = unsafeField(release);
    if (unsafe.isPresent()) {
      return Outcome.Reject.malformed(unsafe.get());
    }
    return new Outcome.Start(
        release, ExecutionNames.of(app.name(), env.name(), r.build(), commit, r.rerun()));
  }

  /**
   * The first text field of the release that is not one line of plain text (see {@link FieldText}),
   * named by its path in the execution input, never quoted. The readers refuse such values under
   * the source's own field names already; this is the last check before anything is started, over
   * every text the release carries (values taken from the configuration included).
   */
  static Optional<String> unsafeField(ReleaseRequest release) {
    return unsafeText("", Json.mapper().valueToTree(release));
  }

  private static Optional<String> unsafeText(String path, JsonNode node) {
    if (node.isTextual()) {
      return FieldText.problem(node.asText())
          .map(p -> "the release's " + path + " " + p + "; it must be one line of plain text");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      Optional<String> problem =
          unsafeText(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue());
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static Outcome notReleaseBranch(Application app, String branch) {
    return new Outcome.Ignore(
        "branch "
            + Fields.clip(String.valueOf(branch))
            + " is not a release branch of "
            + app.name()
            + " (releaseBranches: "
            + String.join(", ", app.releaseBranches())
            + ")");
  }

  private static String names(List<Application> apps) {
    return String.join(", ", apps.stream().map(Application::name).toList());
  }
}
