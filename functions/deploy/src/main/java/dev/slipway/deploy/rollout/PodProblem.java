package dev.slipway.deploy.rollout;

/**
 * Why one pod of a workload is not ready: a container's waiting or terminated reason
 * (CrashLoopBackOff, ImagePullBackOff, ErrImagePull, OOMKilled, ...) or Unschedulable with the
 * scheduler's message.
 */
public record PodProblem(
    String pod, String container, String reason, String message, int restarts) {

  /** One line, e.g. {@code pod web-7d9-abc (app): CrashLoopBackOff, 5 restarts: back-off...}. */
  public String describe() {
    var sb = new StringBuilder("pod ").append(pod);
    if (container != null) {
      sb.append(" (").append(container).append(')');
    }
    sb.append(": ").append(reason);
    if (restarts > 0) {
      sb.append(", ").append(restarts).append(restarts == 1 ? " restart" : " restarts");
    }
    if (message != null && !message.isBlank()) {
      sb.append(": ").append(message);
    }
    return sb.toString();
  }
}
