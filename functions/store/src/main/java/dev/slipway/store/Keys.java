package dev.slipway.store;

import dev.slipway.model.Names;

/**
 * The bucket's key layout, in one place. Every function builds its keys here.
 *
 * <pre>
 * config/slipway.yaml                                   Slipway's configuration
 * kubeconfigs/&lt;cluster&gt;                                 kubeconfig of a non-EKS cluster (SSE-KMS)
 * templates/&lt;app&gt;/...                                   the app's manifest templates
 * artifacts/&lt;app&gt;/&lt;build&gt;/manifests/&lt;cluster&gt;.yaml       rendered manifest per cluster
 * artifacts/&lt;app&gt;/&lt;build&gt;/diff/&lt;cluster&gt;.diff            diff against the live objects
 * artifacts/&lt;app&gt;/&lt;build&gt;/canary/&lt;wave&gt;.json|.html      judge result and report
 * artifacts/&lt;app&gt;/&lt;build&gt;/approvals/&lt;id&gt;.json          approval request
 * artifacts/&lt;app&gt;/&lt;build&gt;/executions/&lt;execution&gt;/       one execution's journal outside its
 *     annotation.json, reconciled.json                   state: the open Grafana annotation, and
 *                                                        the marker of its reconciliation
 * snapshots/&lt;app&gt;/&lt;cluster&gt;/&lt;execution&gt;                live objects before a deploy
 * releases/&lt;app&gt;/&lt;env&gt;.json                            the release record (what is live where)
 * locks/&lt;app&gt;.json                                     the app's release lock
 * webhooks/deliveries/&lt;source&gt;/&lt;delivery id&gt;.json        which body a delivery id carried
 * webhooks/payloads/&lt;source&gt;/&lt;body sha256&gt;.json        a delivered body and what it started
 * </pre>
 */
public final class Keys {
  public static final String CONFIG = "config/slipway.yaml";

  private Keys() {}

  public static String kubeconfig(String cluster) {
    return "kubeconfigs/" + segment(cluster);
  }

  public static String templates(String app) {
    return "templates/" + segment(app) + "/";
  }

  public static String artifacts(String app, String build) {
    return "artifacts/" + segment(app) + "/" + segment(build) + "/";
  }

  public static String manifest(String app, String build, String cluster) {
    return artifacts(app, build) + "manifests/" + segment(cluster) + ".yaml";
  }

  public static String diff(String app, String build, String cluster) {
    return artifacts(app, build) + "diff/" + segment(cluster) + ".diff";
  }

  public static String canaryResult(String app, String build, String wave) {
    return artifacts(app, build) + "canary/" + segment(wave) + ".json";
  }

  public static String canaryReport(String app, String build, String wave) {
    return artifacts(app, build) + "canary/" + segment(wave) + ".html";
  }

  public static String approval(String app, String build, String id) {
    return artifacts(app, build) + "approvals/" + segment(id) + ".json";
  }

  /**
   * {@code artifacts/<app>/<build>/executions/<execution>/}: what one execution writes down outside
   * its Step Functions state, so that reconciliation can finish it when the execution cannot.
   */
  public static String executionJournal(String app, String build, String execution) {
    return artifacts(app, build) + "executions/" + segment(execution) + "/";
  }

  /** The Grafana annotation the execution opened at its start: {@code {"annotationId": n}}. */
  public static String annotation(String app, String build, String execution) {
    return executionJournal(app, build, execution) + "annotation.json";
  }

  /** Written once, conditionally, by the reconciliation of an execution that ended uncleanly. */
  public static String reconciled(String app, String build, String execution) {
    return executionJournal(app, build, execution) + "reconciled.json";
  }

  public static String snapshot(String app, String cluster, String execution) {
    return "snapshots/" + segment(app) + "/" + segment(cluster) + "/" + segment(execution);
  }

  public static String release(String app, String env) {
    return "releases/" + segment(app) + "/" + segment(env) + ".json";
  }

  public static String lock(String app) {
    return "locks/" + segment(app) + ".json";
  }

  /** The webhook's record that delivery {@code id} from {@code source} carried one body. */
  public static String delivery(String source, String id) {
    return "webhooks/deliveries/" + segment(source) + "/" + segment(id) + ".json";
  }

  /** The webhook's record of a delivered body (by its SHA-256) and the release it started. */
  public static String deliveredPayload(String source, String sha256) {
    return "webhooks/payloads/" + segment(source) + "/" + segment(sha256) + ".json";
  }

  /**
   * One key segment: a name ({@link Names#check}): no slashes, nothing empty, nothing that walks up
   * the tree, no control characters, at most {@value Names#MAX} characters. Request records check
   * their names with the field's own name first; this is the last line.
   *
   * @throws dev.slipway.model.TerminalStepException {@code Slipway.Input.Invalid}
   */
  static String segment(String s) {
    return Names.check("name in an S3 key", s);
  }
}
