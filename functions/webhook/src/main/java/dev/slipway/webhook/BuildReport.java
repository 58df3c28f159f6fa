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

  /** A report of {@code trigger}'s {@code event}, filled in field by field. */
  static Builder of(Trigger trigger, String event, String delivery) {
    return new Builder(trigger, event, delivery);
  }

  /** Fills a {@link BuildReport}; what is not set stays null (or empty, or 0). */
  static final class Builder {
    private final Trigger trigger;
    private final String event;
    private final String delivery;
    private String url;
    private String app;
    private String repo;
    private String branch;
    private String tag;
    private String build;
    private String commit;
    private List<String> texts = List.of();
    private String ticket;
    private String environment;
    private String component;
    private String runtimeImage;
    private String buildImage;
    private Set<String> skips = Set.of();
    private int rerun;
    private String workflowName;
    private String workflowPath;

    private Builder(Trigger trigger, String event, String delivery) {
      this.trigger = trigger;
      this.event = event;
      this.delivery = delivery;
    }

    Builder url(String v) {
      url = v;
      return this;
    }

    Builder app(String v) {
      app = v;
      return this;
    }

    Builder repo(String v) {
      repo = v;
      return this;
    }

    Builder branch(String v) {
      branch = v;
      return this;
    }

    Builder tag(String v) {
      tag = v;
      return this;
    }

    Builder build(String v) {
      build = v;
      return this;
    }

    Builder commit(String v) {
      commit = v;
      return this;
    }

    Builder texts(List<String> v) {
      texts = v;
      return this;
    }

    Builder ticket(String v) {
      ticket = v;
      return this;
    }

    Builder environment(String v) {
      environment = v;
      return this;
    }

    Builder component(String v) {
      component = v;
      return this;
    }

    Builder images(String runtime, String buildImg) {
      runtimeImage = runtime;
      buildImage = buildImg;
      return this;
    }

    Builder skips(Set<String> v) {
      skips = v;
      return this;
    }

    Builder rerun(int v) {
      rerun = v;
      return this;
    }

    Builder workflow(String name, String path) {
      workflowName = name;
      workflowPath = path;
      return this;
    }

    BuildReport report() {
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
          rerun,
          workflowName,
          workflowPath);
    }
  }
}
