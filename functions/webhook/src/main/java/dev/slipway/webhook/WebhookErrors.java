package dev.slipway.webhook;

import dev.slipway.awshttp.AwsErrors;

/** The names of every error the webhook and approval endpoints answer with. */
public final class WebhookErrors {
  /** 400: the body is not JSON, or a field is missing or of the wrong type. */
  public static final String MALFORMED = "Slipway.Webhook.MalformedRequest";

  /** 401: the signature or token is missing or wrong, or the timestamp is outside the window. */
  public static final String UNAUTHORIZED = "Slipway.Webhook.Unauthorized";

  /** 404: no such endpoint. */
  public static final String NOT_FOUND = "Slipway.Webhook.NotFound";

  /** 405: the endpoint does not take this method. */
  public static final String METHOD_NOT_ALLOWED = "Slipway.Webhook.MethodNotAllowed";

  /** 413: the body is over 1 MiB. */
  public static final String TOO_LARGE = "Slipway.Webhook.PayloadTooLarge";

  /** 415: the body is not JSON. */
  public static final String UNSUPPORTED_MEDIA_TYPE = "Slipway.Webhook.UnsupportedMediaType";

  /**
   * 400: a {@code rerun} query parameter. A re-run number outside the signature would let anyone
   * holding one captured delivery release it again; it goes in the signed body now.
   */
  public static final String UNSIGNED_RERUN = "Slipway.Webhook.UnsignedRerun";

  /** 409: the delivery id was used before for a different body. */
  public static final String DELIVERY_CONFLICT = "Slipway.Webhook.DeliveryConflict";

  /** 503: a delivery record in the bucket cannot be read. */
  public static final String LEDGER_UNREADABLE = "Slipway.Webhook.DeliveryRecordUnreadable";

  /** 503: Step Functions did not accept the execution (throttled, unreachable). */
  public static final String START_FAILED = "Slipway.Webhook.StartFailed";

  /** 503: the webhook secret could not be read. */
  public static final String SECRETS_UNAVAILABLE = AwsErrors.SECRETS_UNAVAILABLE;

  /** 503: the webhook secret does not exist. */
  public static final String SECRETS_NOT_FOUND = AwsErrors.SECRETS_NOT_FOUND;

  /** 503: the webhook secret is not a JSON object. */
  public static final String SECRETS_INVALID = AwsErrors.SECRETS_INVALID;

  /** 401: the approval link's signature is wrong or it has expired. */
  public static final String APPROVAL_UNAUTHORIZED = "Slipway.Approval.Unauthorized";

  /**
   * 403: a decision posted as a form that did not come from the approval page (no or a wrong form
   * token, or the browser said the post came from another site).
   */
  public static final String APPROVAL_FORBIDDEN = "Slipway.Approval.Forbidden";

  /** 404: no approval request with that id. */
  public static final String APPROVAL_NOT_FOUND = "Slipway.Approval.NotFound";

  /** 409: someone already decided. */
  public static final String APPROVAL_DECIDED = "Slipway.Approval.AlreadyDecided";

  /** 410: the gate timed out, or the execution no longer waits. */
  public static final String APPROVAL_EXPIRED = "Slipway.Approval.Expired";

  /** 503: the stored approval request is not valid JSON of the documented shape. */
  public static final String APPROVAL_UNREADABLE = "Slipway.Approval.Unreadable";

  private WebhookErrors() {}
}
