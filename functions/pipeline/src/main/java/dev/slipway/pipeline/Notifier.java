package dev.slipway.pipeline;

/** Tells people how a release went (an SNS topic; subscribers are the user's business). */
public interface Notifier {

  /**
   * Publishes one message.
   *
   * @throws RuntimeException when it could not; callers treat notification as best effort
   */
  void publish(String subject, String message);
}
