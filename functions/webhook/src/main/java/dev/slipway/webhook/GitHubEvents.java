package dev.slipway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.Trigger;
import java.util.ArrayList;
import java.util.List;

/**
 * GitHub webhook events: {@code push}, {@code release}, {@code workflow_run} and {@code
 * registry_package}. ({@code ping} is answered before this.)
 */
final class GitHubEvents {
  static final String ZERO_SHA = "0000000000000000000000000000000000000000";
  static final String REVISION_LABEL = "org.opencontainers.image.revision";

  private GitHubEvents() {}

  static Reading read(String event, String delivery, JsonNode body) {
    return switch (event) {
      case "push" -> push(delivery, body);
      case "release" -> release(delivery, body);
      case "workflow_run" -> workflowRun(delivery, body);
      case "registry_package", "package" -> registryPackage(event, delivery, body);
      default ->
          new Outcome.Ignore(
              "GitHub event '"
                  + Fields.clip(event)
                  + "' starts nothing (handled: push, release, workflow_run, registry_package)");
    };
  }

  private static String repo(JsonNode body) {
    String url = Fields.text(body, "repository.html_url");
    if (url == null) {
      url = Fields.text(body, "repository.clone_url");
    }
    if (url == null) {
      url = Fields.text(body, "repository.full_name");
    }
    if (url == null) {
      throw new Fields.BadRequest("field 'repository.html_url' is required");
    }
    return url;
  }

  private static Reading push(String delivery, JsonNode body) {
    String ref = Fields.required(body, "ref");
    String after = Fields.required(body, "after");
    if (Fields.flag(body, "deleted") || ZERO_SHA.equals(after)) {
      return new Outcome.Ignore("push deleted " + Fields.clip(ref));
    }
    if (!ref.startsWith("refs/heads/")) {
      return new Outcome.Ignore(
          "push of "
              + Fields.clip(ref)
              + " is not a branch (tags are released by 'release' events)");
    }
    List<String> texts = new ArrayList<>();
    texts.add(Fields.prose(body, "head_commit.message"));
    return BuildReport.of(Trigger.GITHUB_PUSH, "push", delivery)
        .url(Fields.text(body, "compare"))
        .repo(repo(body))
        .branch(ref.substring("refs/heads/".length()))
        .build(after.substring(0, Math.min(12, after.length())))
        .commit(after)
        .texts(texts)
        .report();
  }

  private static Reading release(String delivery, JsonNode body) {
    String action = Fields.required(body, "action");
    if (!"published".equals(action)) {
      return new Outcome.Ignore(
          "release " + Fields.clip(action) + " starts nothing (only published)");
    }
    if (Fields.flag(body, "release.draft")) {
      return new Outcome.Ignore("release is a draft");
    }
    String tag = Fields.required(body, "release.tag_name");
    String target = Fields.text(body, "release.target_commitish");
    boolean targetIsSha = target != null && target.matches("[0-9a-f]{40}");
    return BuildReport.of(Trigger.GITHUB_RELEASE, "release", delivery)
        .url(Fields.text(body, "release.html_url"))
        .repo(repo(body))
        .branch(targetIsSha ? null : target)
        .tag(tag)
        .build(tag)
        .commit(targetIsSha ? target : null)
        .texts(texts(Fields.prose(body, "release.name"), Fields.prose(body, "release.body")))
        .report();
  }

  private static Reading workflowRun(String delivery, JsonNode body) {
    String action = Fields.required(body, "action");
    if (!"completed".equals(action)) {
      return new Outcome.Ignore(
          "workflow_run " + Fields.clip(action) + " starts nothing (only completed)");
    }
    String conclusion = Fields.text(body, "workflow_run.conclusion");
    if (!"success".equals(conclusion)) {
      return new Outcome.Ignore(
          "workflow run concluded '"
              + (conclusion == null ? "" : Fields.clip(conclusion))
              + "', not success");
    }
    String runEvent = Fields.text(body, "workflow_run.event");
    if ("pull_request".equals(runEvent) || "pull_request_target".equals(runEvent)) {
      return new Outcome.Ignore("workflow run was for a pull request; releases come from branches");
    }
    String attempt = Fields.optionalNumber(body, "workflow_run.run_attempt");
    return BuildReport.of(Trigger.GITHUB_WORKFLOW_RUN, "workflow_run", delivery)
        .url(Fields.text(body, "workflow_run.html_url"))
        .repo(repo(body))
        .branch(Fields.required(body, "workflow_run.head_branch"))
        .build(Fields.number(body, "workflow_run.run_number"))
        .commit(Fields.required(body, "workflow_run.head_sha"))
        .texts(
            texts(
                Fields.prose(body, "workflow_run.display_title"),
                Fields.prose(body, "workflow_run.head_commit.message")))
        .rerun(
            attempt == null
                ? 0
                : Math.max(0, Fields.rerun(attempt, "workflow_run.run_attempt") - 1))
        .workflow(Fields.text(body, "workflow_run.name"), Fields.text(body, "workflow_run.path"))
        .report();
  }

  private static Reading registryPackage(String event, String delivery, JsonNode body) {
    String action = Fields.required(body, "action");
    if (!"published".equals(action)) {
      return new Outcome.Ignore(
          event + " " + Fields.clip(action) + " starts nothing (only published)");
    }
    String root = body.has("registry_package") ? "registry_package" : "package";
    String type = Fields.text(body, root + ".package_type");
    if (type == null || !type.equalsIgnoreCase("container")) {
      return new Outcome.Ignore(
          "package type '"
              + (type == null ? "" : Fields.clip(type))
              + "' is not a container image");
    }
    String version = root + ".package_version";
    String tag = Fields.text(body, version + ".container_metadata.tag.name");
    if (tag == null || tag.isBlank()) {
      return new Outcome.Ignore("the published image has no tag");
    }
    String commit = revisionLabel(body, version);
    if (commit == null) {
      commit = Fields.text(body, version + ".target_oid");
    }
    if (commit == null || commit.isBlank()) {
      return new Outcome.Ignore(
          "the image "
              + Fields.clip(tag)
              + " does not say which commit it was built from: add LABEL "
              + REVISION_LABEL
              + "=<commit sha> to the image");
    }
    String branch = Fields.text(body, version + ".target_commitish");
    if (branch == null || branch.isBlank()) {
      branch = Fields.text(body, "repository.default_branch");
    }
    return BuildReport.of(Trigger.GITHUB_REGISTRY_PACKAGE, event, delivery)
        .url(Fields.text(body, version + ".html_url"))
        .repo(repo(body))
        .branch(branch)
        .build(tag)
        .commit(commit)
        .images(Fields.text(body, version + ".package_url"), null)
        .report();
  }

  /** The revision label; its name has dots, so it is read directly rather than by dotted path. */
  private static String revisionLabel(JsonNode body, String version) {
    JsonNode labels = Fields.object(body, version + ".container_metadata.labels");
    JsonNode v = labels.path(REVISION_LABEL);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new Fields.BadRequest(
          "label '" + REVISION_LABEL + "' must be a string, was " + Fields.type(v));
    }
    return v.asText();
  }

  private static List<String> texts(String... texts) {
    List<String> out = new ArrayList<>();
    for (String t : texts) {
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }
}
