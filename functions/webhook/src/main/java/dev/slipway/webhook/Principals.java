package dev.slipway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.Principal;

/**
 * The verified caller in an API Gateway request context: what an authorizer in front of the route
 * put there. API Gateway sets {@code requestContext} itself, so a caller cannot forge it through
 * the API; without an authorizer it holds no principal and nothing is returned.
 *
 * <p>REST API (payload 1.0), in this order: a Cognito user pool authorizer's {@code
 * authorizer.claims.email} or {@code .sub}, a Lambda authorizer's {@code authorizer.principalId},
 * IAM authorization's {@code identity.userArn}. HTTP API (payload 2.0): a JWT authorizer's {@code
 * authorizer.jwt.claims.email} or {@code .sub}, IAM authorization's {@code authorizer.iam.userArn}.
 */
final class Principals {
  /** The longest principal recorded; longer ones are cut (an ARN is at most 2048). */
  static final int MAX_LENGTH = 2048;

  private Principals() {}

  /** The verified principal of a proxy event, or null. */
  static Principal of(JsonNode event, boolean v2) {
    JsonNode context = event.path("requestContext");
    JsonNode authorizer = context.path("authorizer");
    if (v2) {
      JsonNode claims = authorizer.path("jwt").path("claims");
      return first(
          principal(claims.path("email"), "jwt:email"),
          principal(claims.path("sub"), "jwt:sub"),
          principal(authorizer.path("iam").path("userArn"), "iam"));
    }
    JsonNode claims = authorizer.path("claims");
    return first(
        principal(claims.path("email"), "cognito:email"),
        principal(claims.path("sub"), "cognito:sub"),
        principal(authorizer.path("principalId"), "authorizer:principalId"),
        principal(context.path("identity").path("userArn"), "iam"));
  }

  private static Principal first(Principal... candidates) {
    for (Principal p : candidates) {
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private static Principal principal(JsonNode value, String source) {
    if (!value.isTextual() || value.asText().isBlank()) {
      return null;
    }
    return new Principal(printable(value.asText().strip()), source);
  }

  /** The value with control characters and line breaks made visible, at most MAX_LENGTH long. */
  private static String printable(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_LENGTH));
    s.codePoints()
        .limit(MAX_LENGTH)
        .forEach(
            c ->
                out.appendCodePoint(
                    Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? '?' : c));
    return out.toString();
  }
}
