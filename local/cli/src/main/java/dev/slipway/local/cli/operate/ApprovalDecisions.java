package dev.slipway.local.cli.operate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.Json;
import dev.slipway.model.Principal;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.Keys;
import dev.slipway.store.StoredObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Finds and decides a pending approval gate as the caller: the same record the approval page writes
 * ({@code artifacts/<app>/<build>/approvals/<id>.json}, decided with one conditional write, then
 * sent with the stored task token), with the caller's verified identity as {@code decidedBy} (IAM
 * on AWS, the local user locally).
 */
public final class ApprovalDecisions {
  public static final String NOT_FOUND = "Slipway.Cli.ApprovalNotFound";
  public static final String DECIDED = "Slipway.Cli.ApprovalDecided";
  public static final String EXPIRED = "Slipway.Cli.ApprovalExpired";

  /** The error a rejection fails the gate with (as the approval page's). */
  static final String REJECTED = "Slipway.Approval.Rejected";

  /** An approval request as stored, with its key and ETag. */
  public record Found(String key, StoredObject stored, ApprovalRequest request) {}

  private final OperatorTarget target;
  private final Clock clock;

  public ApprovalDecisions(OperatorTarget target, Clock clock) {
    this.target = target;
    this.clock = clock;
  }

  /**
   * The approval {@code id} ({@code <execution name>-<gate>}) of a running release.
   *
   * @throws TerminalStepException {@link #NOT_FOUND}
   */
  public Found find(String id) {
    var executions = new Executions(target);
    List<ExecutionListItem> candidates = new ArrayList<>();
    for (ExecutionListItem e : executions.list(ExecutionStatus.RUNNING, 1000)) {
      if (id.startsWith(e.name() + "-")) {
        candidates.add(e);
      }
    }
    candidates.sort(Comparator.comparing((ExecutionListItem e) -> e.name().length()).reversed());
    for (ExecutionListItem e : candidates) {
      var input = Executions.input(executions.describe(e.executionArn()));
      String app = input.path("app").asText(null);
      String build = Executions.build(input);
      if (app == null || build == null) {
        continue;
      }
      String key = Keys.approval(app, build, id);
      Optional<StoredObject> stored = target.store().find(key);
      if (stored.isPresent()) {
        return new Found(key, stored.get(), parse(stored.get()));
      }
    }
    throw new TerminalStepException(
        NOT_FOUND,
        "no approval '"
            + Texts.shortEscaped(id)
            + "' of a running release in "
            + target.name()
            + ". slipway status --app APP --env ENV shows the id of the gate a release waits at.");
  }

  /** Pending approvals of {@code executionArn}, for the release {@code app} build {@code build}. */
  public List<ApprovalRequest> pending(String app, String build, String executionArn) {
    String prefix = Keys.artifacts(app, build) + "approvals/";
    List<ApprovalRequest> out = new ArrayList<>();
    for (String key : target.store().list(prefix)) {
      target
          .store()
          .find(key)
          .map(ApprovalDecisions::parse)
          .filter(a -> a.pending() && executionArn.equals(a.executionArn()))
          .ifPresent(out::add);
    }
    return out;
  }

  /**
   * Decides approval {@code id} as the caller; returns the decided request (without its token).
   *
   * @throws TerminalStepException {@link #NOT_FOUND}, {@link #DECIDED}, {@link #EXPIRED}
   */
  public ApprovalRequest decide(String id, boolean approve, String comment) {
    Found f = find(id);
    ApprovalRequest a = f.request();
    if (!a.pending()) {
      ApprovalRequest.Decision d = a.decision();
      throw new TerminalStepException(
          DECIDED,
          "approval "
              + a.id()
              + " was already "
              + (d.decision().equals("approve") ? "approved" : "rejected")
              + " by "
              + who(d)
              + " at "
              + d.at());
    }
    var now = clock.instant();
    if (a.expiredAt(now)) {
      throw new TerminalStepException(
          EXPIRED, "approval " + a.id() + " expired at " + a.expiresAt() + "; the gate is closed");
    }
    String caller = target.caller();
    var decision =
        new ApprovalRequest.Decision(
            approve ? "approve" : "reject",
            caller,
            comment,
            now,
            new Principal(caller, target.local() ? "local" : "iam"),
            null);
    ApprovalRequest decided = a.decided(decision);
    String etag =
        target
            .store()
            .putIfMatch(f.key(), json(decided), "application/json", f.stored().etag())
            .orElseThrow(
                () ->
                    new TerminalStepException(
                        DECIDED, "someone decided approval " + a.id() + " at the same moment"));
    boolean delivered = send(decided);
    ApprovalRequest noted =
        decided.decided(
            decision.delivered(
                delivered ? ApprovalRequest.Decision.SENT : ApprovalRequest.Decision.GONE));
    target.store().putIfMatch(f.key(), json(noted), "application/json", etag);
    if (!delivered) {
      throw new TerminalStepException(
          EXPIRED,
          "the decision on "
              + a.id()
              + " is recorded, but the release no longer waits for it (it timed out or ended)");
    }
    return noted;
  }

  /** Sends the decision to the waiting task; false when the task no longer waits. */
  private boolean send(ApprovalRequest decided) {
    ApprovalRequest.Decision d = decided.decision();
    try {
      if (d.decision().equals("approve")) {
        ObjectNode output = Json.mapper().createObjectNode();
        output.put("approved", true);
        output.put("by", d.by());
        output.put("decidedBy", d.decidedBy().id());
        output.put("comment", d.comment());
        output.put("at", d.at().toString());
        target
            .sfn()
            .sendTaskSuccess(b -> b.taskToken(decided.taskToken()).output(output.toString()));
      } else {
        String cause =
            "rejected by "
                + who(d)
                + (d.comment() == null || d.comment().isBlank() ? "" : ": " + d.comment());
        target
            .sfn()
            .sendTaskFailure(b -> b.taskToken(decided.taskToken()).error(REJECTED).cause(cause));
      }
      return true;
    } catch (TaskDoesNotExistException | TaskTimedOutException gone) {
      return false;
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw AwsCalls.failed(
          "states", d.decision().equals("approve") ? "SendTaskSuccess" : "SendTaskFailure", e);
    }
  }

  /** The request as shown: everything but the task token. */
  public static ObjectNode view(ApprovalRequest a) {
    ObjectNode node = Json.mapper().valueToTree(a);
    node.remove("taskToken");
    return node;
  }

  private static String who(ApprovalRequest.Decision d) {
    return d.decidedBy() != null ? d.decidedBy().id() : d.by();
  }

  private static ApprovalRequest parse(StoredObject o) {
    try {
      return Json.mapper().readValue(o.body(), ApprovalRequest.class);
    } catch (IOException e) {
      throw new TerminalStepException(
          "Slipway.Cli.UnreadableApproval",
          "the approval request " + o.key() + " is not JSON of the documented shape");
    }
  }

  private static byte[] json(ApprovalRequest a) {
    try {
      return Json.mapper().writeValueAsString(a).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an approval request always serialises", e);
    }
  }
}
