package dev.slipway.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The input of a release execution: what to release, where, and who asked. The webhook writes it
 * (StartExecution input); every state of the release state machine reads it. Field names are the
 * seed pipeline's parameters ({@code git_repo}, {@code build_num}, ...), so a Jenkins user finds
 * them where they were.
 *
 * @param app the application (as in the configuration file)
 * @param environment the environment the release enters, e.g. {@code stg}
 * @param gitRepo the repository URL
 * @param gitBranch the branch the build was made from (empty for a tag-only release)
 * @param buildNum the build's identifier: a CI build number, a run number, a tag
 * @param commit the full commit SHA (absent when the source does not say, e.g. a GitHub release)
 * @param ticket the issue key found in the commit message or PR title, e.g. {@code ABC-123}
 * @param component the component name
 * @param images the runtime image (deployed) and the build image (never deployed)
 * @param skipCanary skip the canary analysis of this release
 * @param skipStaticSync skip the static data sync of this release
 * @param rerun 0 for the first run of a build; N for the N-th explicit re-run
 * @param trigger where the request came from
 * @param source what recorded release this one repeats (a rollback, a promotion, a re-run), or null
 *     for a release of a new build; see {@link Source}
 */
public record ReleaseRequest(
    @Name String app,
    @Name String environment,
    @JsonProperty("git_repo") String gitRepo,
    @JsonProperty("git_branch") String gitBranch,
    @Name @JsonProperty("build_num") String buildNum,
    String commit,
    String ticket,
    String component,
    Images images,
    @JsonProperty("skip_canary") boolean skipCanary,
    @JsonProperty("skip_static_sync") boolean skipStaticSync,
    int rerun,
    Trigger trigger,
    @JsonInclude(JsonInclude.Include.NON_NULL) Source source) {

  /**
   * This release once more: the same build, images and fields, with another re-run number, trigger
   * and source (a rollback, promotion or re-run of it).
   */
  public ReleaseRequest again(int rerun, Trigger trigger, Source source) {
    return new ReleaseRequest(
        app,
        environment,
        gitRepo,
        gitBranch,
        buildNum,
        commit,
        ticket,
        component,
        images,
        skipCanary,
        skipStaticSync,
        rerun,
        trigger,
        source);
  }

  /**
   * The images of a build.
   *
   * @param runtime the image that runs in the clusters, {@code repository:tag}
   * @param build the image the build ran in; it never reaches a cluster (optional)
   */
  public record Images(String runtime, String build) {}

  /**
   * Where a release request came from.
   *
   * @param source {@code github}, {@code jenkins} or {@code build}
   * @param event the source's event name, e.g. {@code push} or {@code COMPLETED}
   * @param delivery the source's delivery or request id
   * @param url a link to the build or event
   * @param receivedAt when Slipway received it
   */
  public record Trigger(
      String source, String event, String delivery, String url, Instant receivedAt) {}

  /**
   * What recorded release a release repeats, written by an operator's command ({@code slipway
   * rollback}, {@code promote}, {@code rerun}); checked by {@link ReleaseSource#check} before
   * anything is planned, and kept in the release record.
   *
   * @param kind {@code rollback}, {@code promote} or {@code rerun}
   * @param fromBuild the recorded build released (the release's {@code build_num})
   * @param fromEnv the environment the build was recorded in: a promotion's source environment
   * @param fromExecution the execution that released the build there (a re-run's original)
   * @param requestedBy who asked: the caller's IAM identity as STS reports it
   * @param reason why, as the operator gave it (one line; optional)
   * @param manifests {@code stored} (use the manifests stored for the build, a rollback's only
   *     choice) or {@code render} (render them from the templates, a promotion's default)
   */
  public record Source(
      String kind,
      String fromBuild,
      String fromEnv,
      String fromExecution,
      String requestedBy,
      String reason,
      String manifests) {}
}
