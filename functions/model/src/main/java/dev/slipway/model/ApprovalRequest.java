package dev.slipway.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A manual gate waiting for a person: written by the release state machine (a {@code
 * .waitForTaskToken} task) to {@code artifacts/<app>/<build>/approvals/<id>.json}, shown by {@code
 * GET /approvals/{id}} (without the task token) and decided by {@code POST /approvals/{id}}, which
 * records the {@link Decision} in the same object.
 *
 * @param id the approval's id (unique within the build)
 * @param app the application
 * @param build the build number
 * @param environment the environment waiting for approval
 * @param gate what is being approved, e.g. {@code deploy} or {@code canary-marginal}
 * @param executionArn the release execution that waits
 * @param taskToken the Step Functions task token; secret, never returned by the API
 * @param diff what the release changes
 * @param checks the automated checks' results so far
 * @param links related pages (execution console, canary report, diff, build)
 * @param createdAt when the gate opened
 * @param expiresAt when it stops accepting decisions (the task's timeout)
 * @param decision the decision, once made
 * @param trigger who or what started the release, and when (null when the gate was not told)
 */
public record ApprovalRequest(
    String id,
    String app,
    String build,
    String environment,
    String gate,
    String executionArn,
    String taskToken,
    DiffSummary diff,
    List<Check> checks,
    Map<String, String> links,
    Instant createdAt,
    Instant expiresAt,
    Decision decision,
    Trigger trigger) {

  public ApprovalRequest {
    checks = checks == null ? List.of() : List.copyOf(checks);
    links = links == null ? Map.of() : Map.copyOf(links);
  }

  /** Whether no one has decided yet. */
  public boolean pending() {
    return decision == null;
  }

  /** Whether the gate no longer accepts decisions at {@code now}. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /**
   * Who or what started the release: a build system's event, or a person's command.
   *
   * @param source {@code github}, {@code jenkins}, {@code build} or {@code operator}
   * @param event the source's event, e.g. {@code push}, or the operator's command ({@code
   *     rollback})
   * @param by who asked, when a person did (the caller's IAM identity)
   * @param url a link to the build or event (shown only when it is http or https)
   * @param at when Slipway received it
   */
  public record Trigger(String source, String event, String by, String url, Instant at) {}

  /** This request with {@code decision} recorded. */
  public ApprovalRequest decided(Decision decision) {
    return new ApprovalRequest(
        id,
        app,
        build,
        environment,
        gate,
        executionArn,
        taskToken,
        diff,
        checks,
        links,
        createdAt,
        expiresAt,
        decision,
        trigger);
  }

  /**
   * The manifest diff, summed over clusters.
   *
   * @param created objects the release creates
   * @param changed objects it changes
   * @param unchanged objects it leaves as they are
   * @param left objects the live release rendered and this one does not, still in the clusters
   *     (Slipway does not delete them; each cluster's diff names them)
   * @param keys the S3 keys of the per-cluster unified diffs
   */
  public record DiffSummary(int created, int changed, int unchanged, int left, List<String> keys) {}

  /**
   * One automated check.
   *
   * @param name e.g. {@code manifests-valid}, {@code static-data}, {@code canary-core}
   * @param status {@code PASS}, {@code WARN} or {@code FAIL}
   * @param detail one line saying what was found
   * @param link where to read more (optional)
   */
  public record Check(String name, String status, String detail, String link) {}

  /**
   * What a person decided.
   *
   * @param decision {@code approve} or {@code reject}
   * @param by who decided, as they gave it in the body: self-declared, not verified
   * @param comment why (optional)
   * @param at when the decision was recorded
   * @param decidedBy who decided as the API's authorizer verified it (IAM, JWT, Lambda authorizer);
   *     null when the API has no authorizer in front of the approval route
   * @param delivery what became of sending the decision to the waiting release: null while it has
   *     not been sent (or sending failed and may be retried), {@link #SENT} once Step Functions
   *     took it, {@link #GONE} when Step Functions answered that the task no longer waits (it timed
   *     out or the execution ended)
   */
  public record Decision(
      String decision,
      String by,
      String comment,
      Instant at,
      Principal decidedBy,
      String delivery) {
    /** Step Functions took the decision. */
    public static final String SENT = "sent";

    /** Step Functions answered that the task no longer waits for it. */
    public static final String GONE = "gone";

    /** This decision with {@code delivery} recorded. */
    public Decision delivered(String delivery) {
      return new Decision(decision, by, comment, at, decidedBy, delivery);
    }
  }
}
