package dev.slipway.approvals;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures in GitHub's header form {@code sha256=<hex>}, compared in constant time.
 */
public final class Hmac {
  static final String ALGORITHM = "HmacSHA256";
  static final String PREFIX = "sha256=";

  private Hmac() {}

  /** HMAC-SHA256 of the parts, concatenated, under {@code secret}. */
  public static byte[] sign(String secret, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** {@code sha256=<hex>} of the parts under {@code secret}: the value of a signature header. */
  public static String header(String secret, byte[]... parts) {
    return PREFIX + HexFormat.of().formatHex(sign(secret, parts));
  }

  /**
   * Whether {@code header} ({@code sha256=<hex>}) is the signature of the parts under {@code
   * secret}. The comparison takes the same time wherever the first difference is.
   */
  public static boolean verify(String header, String secret, byte[]... parts) {
    if (header == null || secret == null || secret.isEmpty()) {
      return false;
    }
    String h = header.trim();
    if (!h.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(h.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, sign(secret, parts));
  }

  /** Whether two tokens are equal, in time independent of where they differ. */
  public static boolean sameToken(String given, String expected) {
    if (given == null || expected == null || expected.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
