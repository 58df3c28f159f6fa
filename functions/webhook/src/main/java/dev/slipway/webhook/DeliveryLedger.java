package dev.slipway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import dev.slipway.store.StoredObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Every delivery that starts a release, recorded once in the bucket, so that no delivery starts
 * anything twice, however long after (Step Functions forgets an execution's name 90 days after it
 * ends; this ledger does not forget). Two objects per delivery, each written with {@code
 * If-None-Match: *}:
 *
 * <pre>
 * webhooks/deliveries/&lt;source&gt;/&lt;delivery id&gt;.json   {"sha256": ...}: the body this id carried
 * webhooks/payloads/&lt;source&gt;/&lt;body sha256&gt;.json   the delivery: state, execution name, input
 * </pre>
 *
 * <p>The body's digest is the real key: a signature covers the body, not the delivery id header, so
 * a captured body sent again under another id is still the same delivery. The id binding catches
 * the opposite: one id reused for a different body, which no honest sender does.
 *
 * <p>The payload record is written with state {@code starting} (execution name and input) before
 * {@code StartExecution}, and set to {@code started} after. A sender's retry of a delivery whose
 * start failed finds {@code starting} and issues the same {@code StartExecution} again (same name,
 * same input: Step Functions' own idempotency makes that one execution); nothing is lost and
 * nothing starts twice.
 */
public final class DeliveryLedger {
  /** A record still {@code starting} after this long is not started again: the name may be free. */
  static final Duration RESTART_WINDOW = Duration.ofDays(89);

  static final String STARTING = "starting";
  static final String STARTED = "started";

  private final ArtifactStore store;

  public DeliveryLedger(ArtifactStore store) {
    this.store = store;
  }

  /**
   * One delivery as recorded.
   *
   * @param source {@code github}, {@code jenkins} or {@code build}
   * @param delivery the delivery id (the sender's, or {@code sha256-<digest>} when it sent none)
   * @param sha256 the hex SHA-256 of the raw body
   * @param state {@code starting} or {@code started}
   * @param executionName the execution the delivery starts
   * @param executionArn its ARN, once started
   * @param app the application
   * @param environment the environment
   * @param build the build
   * @param input the execution input, exactly as first sent to {@code StartExecution}
   * @param receivedAt when the delivery was first received
   */
  public record Entry(
      String source,
      String delivery,
      String sha256,
      String state,
      String executionName,
      String executionArn,
      String app,
      String environment,
      String build,
      String input,
      Instant receivedAt) {

    Entry started(String arn) {
      return new Entry(
          source,
          delivery,
          sha256,
          STARTED,
          executionName,
          arn,
          app,
          environment,
          build,
          input,
          receivedAt);
    }

    boolean isStarted() {
      return STARTED.equals(state);
    }
  }

  /** What the ledger says about a delivery. */
  sealed interface Claim {}

  /** The first time this body arrives: start it. */
  record Fresh(Entry entry, String etag) implements Claim {}

  /** This body arrived before (under this id or another): {@code entry} is what it started. */
  record Seen(Entry entry, String etag) implements Claim {}

  /** This delivery id came before with a different body. */
  record Conflict(String delivery) implements Claim {}

  /** Records {@code entry} (state {@code starting}) unless its id or its body was seen before. */
  Claim claim(Entry entry) {
    String idKey = Keys.delivery(entry.source(), entry.delivery());
    ObjectNode binding =
        Json.mapper()
            .createObjectNode()
            .put("source", entry.source())
            .put("delivery", entry.delivery())
            .put("sha256", entry.sha256());
    if (store.putIfAbsent(idKey, bytes(binding), "application/json").isEmpty()) {
      Optional<StoredObject> bound = store.find(idKey);
      if (bound.isPresent() && !entry.sha256().equals(read(bound.get()).path("sha256").asText())) {
        return new Conflict(entry.delivery());
      }
    }
    String key = Keys.deliveredPayload(entry.source(), entry.sha256());
    Optional<String> etag = store.putIfAbsent(key, bytes(entry), "application/json");
    if (etag.isPresent()) {
      return new Fresh(entry, etag.get());
    }
    StoredObject seen =
        store
            .find(key)
            .orElseThrow(
                () -> unreadable(key, "it was there a moment ago and is gone; send it again"));
    try {
      return new Seen(Json.mapper().treeToValue(read(seen), Entry.class), seen.etag());
    } catch (IOException e) {
      throw unreadable(key, "it is not a delivery record");
    }
  }

  /**
   * Marks the delivery started with {@code executionArn}. Losing this write costs nothing but a
   * repeated (idempotent) {@code StartExecution} on the next redelivery, so a lost race is fine.
   */
  void started(Entry entry, String etag, String executionArn) {
    store.putIfMatch(
        Keys.deliveredPayload(entry.source(), entry.sha256()),
        bytes(entry.started(executionArn)),
        "application/json",
        etag);
  }

  /** Whether a {@code starting} record may still be started: its name cannot have been freed. */
  static boolean mayRestart(Entry entry, Instant now) {
    return entry.receivedAt() != null
        && Duration.between(entry.receivedAt(), now).compareTo(RESTART_WINDOW) < 0;
  }

  /** The hex SHA-256 of {@code body}. */
  static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static byte[] bytes(Object value) {
    try {
      return Json.mapper().writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("a delivery record always serialises", e);
    }
  }

  private static JsonNode read(StoredObject o) {
    try {
      return Json.mapper().readTree(o.body());
    } catch (IOException e) {
      throw unreadable(o.key(), "it is not JSON");
    }
  }

  private static TerminalStepException unreadable(String key, String why) {
    return new TerminalStepException(
        WebhookErrors.LEDGER_UNREADABLE,
        "the delivery record "
            + key
            + " cannot be read ("
            + why
            + "); it is written only by the webhook: restore it from the bucket's versions or"
            + " delete it to let the delivery through once more");
  }
}
