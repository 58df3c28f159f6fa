package dev.slipway.webhook;

import dev.slipway.config.Trigger;
import java.util.List;
import java.util.Set;

/**
 * What a webhook says about a build, in one shape whatever the source. Fields the source does not
 * carry are null.
 *
 * @param trigger the kind of event
 * @param event the source's event name (for the release's trigger record and the log)
 * @param delivery the source's delivery id
 * @param url a link to the build
 * @param app the application, when the event names it
 * @param repo the repository URL
 * @param branch the branch
 * @param tag the tag, for tag-based releases
 * @param build the build identifier
 * @param commit the commit SHA
 * @param texts commit messages and titles to find the ticket in
 * @param ticket the ticket, when the event names it
 * @param environment the environment, when the event names it
 * @param component the component, when the event names it
 * @param runtimeImage the runtime image, when the event names it
 * @param buildImage the build image, when the event names it
 * @param skips the skip flags set ({@code canary}, {@code static_sync})
 * @param rerun the re-run number (0 for the first run)
 * @param workflowName for workflow runs: the workflow's name
 * @param workflowPath for workflow runs: the workflow's file path
 */
record BuildReport(
    Trigger trigger,
    String event,
    String delivery,
    String url,
    String app,
    String repo,
    String branch,
    String tag,
    String build,
    String commit,
    List<String> texts,
    String ticket,
    String environment,
    String component,
    String runtimeImage,
    String buildImage,
    Set<String> skips,
    int rerun,
    String workflowName,
    String workflowPath)
    implements Reading {

  BuildReport {
    texts = texts == null ? List.of() : texts.stream().filter(t -> t != null).toList();
    skips = skips == null ? Set.of() : Set.copyOf(skips);
  }

  /** This report with the re-run number set. */
  BuildReport withRerun(int n) {
    return new BuildReport(
        trigger,
        event,
        delivery,
        url,
        app,
        repo,
        branch,
        tag,
        build,
        commit,
        texts,
        ticket,
        environment,
        component,
        runtimeImage,
        buildImage,
        skips,
        n,
        workflowName,
        workflowPath);
  }
}
