package dev.slipway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Execution names derived from what is released, never from a delivery id: the same app,
 * environment, build and commit always give the same name, so a redelivery, or the same build
 * reported by two sources, finds the execution already there. An explicit re-run adds {@code -rN}.
 *
 * <p>Form: {@code <app>-<env>-<build>-<commit 7>[-rN]-<hash 10>}, at most 80 characters of {@code
 * [A-Za-z0-9_-]} (Step Functions' rule). The readable part may be cut; the hash over the exact
 * values keeps names distinct ({@code 1.2} and {@code 1-2} are different builds).
 */
public final class ExecutionNames {
  static final int MAX = 80;

  private ExecutionNames() {}

  public static String of(String app, String environment, String build, String commit, int rerun) {
    String c = commit == null ? "" : commit;
    String key = app + "\n" + environment + "\n" + build + "\n" + c + "\n" + rerun;
    String hash = sha256(key).substring(0, 10);
    String readable =
        app
            + "-"
            + environment
            + "-"
            + build
            + (c.isEmpty() ? "" : "-" + c.substring(0, Math.min(7, c.length())))
            + (rerun > 0 ? "-r" + rerun : "");
    readable = readable.replaceAll("[^A-Za-z0-9_-]", "-");
    int room = MAX - hash.length() - 1;
    if (readable.length() > room) {
      readable = readable.substring(0, room);
    }
    return readable + "-" + hash;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
