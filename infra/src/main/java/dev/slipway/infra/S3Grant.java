package dev.slipway.infra;

import java.util.EnumSet;
import java.util.Set;

/** Object access to one key pattern of the Slipway bucket. */
public record S3Grant(String keyPattern, Set<S3Op> ops) {
  static S3Grant get(String pattern) {
    return new S3Grant(pattern, EnumSet.of(S3Op.GET));
  }

  static S3Grant put(String pattern) {
    return new S3Grant(pattern, EnumSet.of(S3Op.PUT));
  }

  static S3Grant getPut(String pattern) {
    return new S3Grant(pattern, EnumSet.of(S3Op.GET, S3Op.PUT));
  }

  static S3Grant getPutDelete(String pattern) {
    return new S3Grant(pattern, EnumSet.of(S3Op.GET, S3Op.PUT, S3Op.DELETE));
  }

  /** An S3 object operation, with the KMS action it needs on the bucket key (SSE-KMS). */
  public enum S3Op {
    GET("s3:GetObject", "kms:Decrypt"),
    PUT("s3:PutObject", "kms:GenerateDataKey"),
    DELETE("s3:DeleteObject", null);

    private final String action;
    private final String kmsAction;

    S3Op(String action, String kmsAction) {
      this.action = action;
      this.kmsAction = kmsAction;
    }

    public String action() {
      return action;
    }

    /** The KMS action S3 calls on the caller's behalf, or null when none. */
    public String kmsAction() {
      return kmsAction;
    }
  }
}
