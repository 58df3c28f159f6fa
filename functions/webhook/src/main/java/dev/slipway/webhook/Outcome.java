package dev.slipway.webhook;

import dev.slipway.model.ReleaseRequest;

/** What a webhook request comes to, before anything is started. */
sealed interface Outcome {

  /** Start (or find) the execution {@code name} for {@code release}. */
  record Start(ReleaseRequest release, String name) implements Outcome {}

  /** A valid event that starts nothing, and why (HTTP 200). */
  record Ignore(String reason) implements Outcome, Reading {}

  /** A request Slipway cannot act on, and what is wrong with it (HTTP 4xx). */
  record Reject(int status, String error, String message) implements Outcome, Reading {
    static Reject malformed(String message) {
      return new Reject(400, WebhookErrors.MALFORMED, message);
    }
  }
}

/** What a source's reader makes of an event: a build to plan, or an answer already. */
sealed interface Reading permits BuildReport, Outcome.Ignore, Outcome.Reject {}
