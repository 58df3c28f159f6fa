package dev.slipway.local.run;

import dev.slipway.pipeline.Notifier;
import java.util.ArrayList;
import java.util.List;

/** The local stand-in for the SNS topic: it keeps what the release publishes. */
public final class CollectingNotifier implements Notifier {
  /** One published message. */
  public record Message(String subject, String message) {}

  private final List<Message> messages = new ArrayList<>();

  @Override
  public synchronized void publish(String subject, String message) {
    messages.add(new Message(subject, message));
  }

  public synchronized List<Message> messages() {
    return List.copyOf(messages);
  }
}
