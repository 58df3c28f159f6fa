package dev.slipway.deploy.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent, test-only implementation of the documented algorithm for EKS tokens: AWS
 * Signature Version 4 in the query string (docs.aws.amazon.com "Create a signed AWS API request",
 * "Authenticating requests: using query parameters"), applied to STS GetCallerIdentity the way
 * {@code aws eks get-token} and aws-iam-authenticator do it. It shares no code with the SDK signer
 * that {@link EksTokenGenerator} uses, so the two agreeing is evidence that both are right.
 */
final class ReferenceSigV4 {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private ReferenceSigV4() {}

  /** The presigned URL {@code aws eks get-token --cluster-name cluster} would embed. */
  static String presignedGetCallerIdentity(
      String cluster,
      String region,
      String accessKey,
      String secretKey,
      String sessionToken,
      Instant when) {
    var amzDate = AMZ_DATE.format(when);
    var date = amzDate.substring(0, 8);
    var host = "sts." + region + ".amazonaws.com";
    var scope = date + "/" + region + "/sts/aws4_request";
    var params = new TreeMap<String, String>();
    params.put("Action", "GetCallerIdentity");
    params.put("Version", "2011-06-15");
    params.put("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
    params.put("X-Amz-Credential", accessKey + "/" + scope);
    params.put("X-Amz-Date", amzDate);
    params.put("X-Amz-Expires", "60");
    params.put("X-Amz-SignedHeaders", "host;x-k8s-aws-id");
    if (sessionToken != null) {
      params.put("X-Amz-Security-Token", sessionToken);
    }
    var query = canonicalQuery(params);
    var canonicalRequest =
        String.join(
            "\n",
            "GET",
            "/",
            query,
            "host:" + host,
            "x-k8s-aws-id:" + cluster,
            "",
            "host;x-k8s-aws-id",
            hex(sha256(""))); // the hash of the empty body: STS is not S3, no UNSIGNED-PAYLOAD
    var stringToSign =
        String.join("\n", "AWS4-HMAC-SHA256", amzDate, scope, hex(sha256(canonicalRequest)));
    var signature = hex(hmac(signingKey(secretKey, date, region, "sts"), stringToSign));
    return "https://" + host + "/?" + query + "&X-Amz-Signature=" + signature;
  }

  static byte[] signingKey(String secretKey, String date, String region, String service) {
    var kDate = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
    var kRegion = hmac(kDate, region);
    var kService = hmac(kRegion, service);
    return hmac(kService, "aws4_request");
  }

  static String canonicalQuery(Map<String, String> sorted) {
    return sorted.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  /** RFC 3986 percent-encoding: everything but A-Z a-z 0-9 - _ . ~ is escaped. */
  static String encode(String s) {
    var sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return sb.toString();
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
