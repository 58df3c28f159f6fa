package dev.slipway.awshttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Our signer against the AWS SDK's own, on random requests: the same Authorization, bit for bit.
 */
class SigV4Test {
  static final String ALPHABET = "abcXYZ019-_.~ /+=&%?#:@!$'()*,;é中😀";
  static final List<String> SERVICES = List.of("s3", "states", "secretsmanager");
  static final List<String> REGIONS =
      List.of("us-east-1", "eu-west-3", "ap-southeast-2", "cn-north-1");

  @Test
  void sign_shouldMatchTheSdkSigner_onRandomRequests() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 500; i++) {
      String service = SERVICES.get(random.nextInt(SERVICES.size()));
      String region = REGIONS.get(random.nextInt(REGIONS.size()));
      String method = List.of("GET", "PUT", "POST", "DELETE").get(random.nextInt(4));
      StringBuilder path = new StringBuilder();
      for (int s = 0, n = 1 + random.nextInt(3); s < n; s++) {
        path.append('/').append(SigV4.encode(text(random, 12), false));
      }
      StringBuilder query = new StringBuilder();
      for (int q = 0, n = random.nextInt(4); q < n; q++) {
        query.append(q == 0 ? "" : "&").append(SigV4.encode(text(random, 6), false));
        query.append('=').append(SigV4.encode(text(random, 10), false));
      }
      URI uri =
          URI.create(
              "https://host-"
                  + random.nextInt(100)
                  + ".example.com"
                  + (random.nextBoolean() ? ":" + (1024 + random.nextInt(60000)) : "")
                  + path
                  + (query.length() > 0 ? "?" + query : ""));
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/x-amz-json-1.0");
      if (random.nextBoolean()) {
        headers.put("X-Amz-Target", "AWSStepFunctions.StartExecution");
      }
      if (random.nextBoolean()) {
        headers.put("If-Match", "\"etag\"");
      }
      byte[] body = text(random, random.nextInt(3) == 0 ? 0 : 200).getBytes(StandardCharsets.UTF_8);
      AwsCredentials credentials =
          new AwsCredentials(
              "AKID" + random.nextInt(1000),
              "wJalrXUtnFEMI/K7MDENG+bPxRfiCY" + random.nextInt(1_000_000),
              random.nextBoolean() ? "token+" + random.nextInt() : null);
      Instant now = Instant.ofEpochSecond(1_500_000_000L + random.nextInt(500_000_000));

      Map<String, String> ours =
          SigV4.sign(method, uri, headers, body, service, region, credentials, now);
      SdkHttpRequest theirs =
          sdkSign(method, uri, headers, body, service, region, credentials, now);

      assertThat(ours.get("Authorization"))
          .as("request %d: %s %s (%s)", i, method, uri, service)
          .isEqualTo(theirs.firstMatchingHeader("Authorization").orElseThrow());
      assertThat(ours.get("X-Amz-Date"))
          .isEqualTo(theirs.firstMatchingHeader("X-Amz-Date").orElseThrow());
    }
  }

  @Test
  void sign_shouldAddTheSessionToken_onlyForTemporaryCredentials() {
    URI uri = URI.create("https://b.s3.us-east-1.amazonaws.com/k");
    Instant now = Instant.parse("2026-11-27T10:00:00Z");
    Map<String, String> s3 =
        SigV4.sign(
            "GET", uri, Map.of(), new byte[0], "s3", "us-east-1", AwsCredentials.of("a", "b"), now);
    assertThat(s3)
        .containsEntry("x-amz-content-sha256", SigV4.emptyHash())
        .doesNotContainKey("X-Amz-Security-Token");
    assertThat(s3.get("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=a/20261127/us-east-1/s3/aws4_request, ")
        .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date, ");
    Map<String, String> sfn =
        SigV4.sign(
            "POST",
            uri,
            Map.of(),
            new byte[0],
            "states",
            "us-east-1",
            new AwsCredentials("a", "b", "t"),
            now);
    assertThat(sfn).containsEntry("X-Amz-Security-Token", "t");
    assertThat(new AwsCredentials("a", "b", "t").toString())
        .doesNotContain("b,")
        .doesNotContain("=t")
        .contains("***");
  }

  @Test
  void encode_shouldKeepOnlyUnreservedCharacters() {
    assertThat(SigV4.encode("a b/c+é~", false)).isEqualTo("a%20b%2Fc%2B%C3%A9~");
    assertThat(SigV4.encode("a b/c", true)).isEqualTo("a%20b/c");
  }

  static SdkHttpRequest sdkSign(
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      String service,
      String region,
      AwsCredentials credentials,
      Instant now) {
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
    headers.forEach(request::putHeader);
    AwsCredentialsIdentity identity =
        credentials.sessionToken() == null
            ? AwsCredentialsIdentity.create(
                credentials.accessKeyId(), credentials.secretAccessKey())
            : AwsSessionCredentialsIdentity.create(
                credentials.accessKeyId(),
                credentials.secretAccessKey(),
                credentials.sessionToken());
    boolean s3 = service.equals("s3");
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(identity)
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, !s3)
                        .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)));
    return signed.request();
  }

  static String text(SplittableRandom random, int max) {
    int n = 1 + random.nextInt(Math.max(1, max));
    StringBuilder sb = new StringBuilder();
    int[] points = ALPHABET.codePoints().toArray();
    for (int i = 0; i < n; i++) {
      sb.appendCodePoint(points[random.nextInt(points.length)]);
    }
    return sb.toString();
  }
}
