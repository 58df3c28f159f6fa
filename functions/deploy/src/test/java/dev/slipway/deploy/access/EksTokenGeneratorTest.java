package dev.slipway.deploy.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class EksTokenGeneratorTest {
  private static final Instant SIGNED_AT = Instant.parse("2026-11-27T08:30:15Z");
  private static final AwsBasicCredentials BASIC =
      AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  private static final AwsSessionCredentials SESSION =
      AwsSessionCredentials.create(
          "ASIAEXAMPLE7Q4XZ", "9drTJvcXLB89EXAMPLELB8923FB892xMFI", "IQoJb3JpZ2luX2VjE//+example=");

  private final EksTokenGenerator generator =
      new EksTokenGenerator(Clock.fixed(SIGNED_AT, ZoneOffset.UTC));

  @Test
  void signingKey_shouldMatchTheAwsDocumentationVector() {
    // "Examples of how to derive a signing key for Signature Version 4" (AWS General Reference)
    var key =
        ReferenceSigV4.signingKey(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");

    assertThat(ReferenceSigV4.hex(key))
        .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
  }

  @Test
  void token_shouldEqualTheDocumentedAlgorithm_withLongTermCredentials() {
    var token = generator.token("prod-eu-1", "eu-west-1", BASIC);

    var expected =
        ReferenceSigV4.presignedGetCallerIdentity(
            "prod-eu-1",
            "eu-west-1",
            BASIC.accessKeyId(),
            BASIC.secretAccessKey(),
            null,
            SIGNED_AT);
    assertSameSignedUrl(decode(token), expected);
  }

  @Test
  void token_shouldSignTheSessionToken_withTemporaryCredentials() {
    var token = generator.token("prod-eu-1", "eu-west-1", SESSION);

    var url = decode(token);
    var expected =
        ReferenceSigV4.presignedGetCallerIdentity(
            "prod-eu-1",
            "eu-west-1",
            SESSION.accessKeyId(),
            SESSION.secretAccessKey(),
            SESSION.sessionToken(),
            SIGNED_AT);
    assertSameSignedUrl(url, expected);
    assertThat(query(url)).containsEntry("X-Amz-Security-Token", SESSION.sessionToken());
  }

  @Test
  void token_shouldHaveTheGetTokenShape() {
    var token = generator.token("prod-eu-1", "eu-west-1", BASIC);

    assertThat(token).startsWith("k8s-aws-v1.").doesNotContain("=", "+", "/");
    var url = URI.create(decode(token));
    assertThat(url.getScheme()).isEqualTo("https");
    assertThat(url.getHost()).isEqualTo("sts.eu-west-1.amazonaws.com");
    assertThat(query(decode(token)))
        .containsEntry("Action", "GetCallerIdentity")
        .containsEntry("Version", "2011-06-15")
        .containsEntry("X-Amz-Expires", "60")
        .containsEntry("X-Amz-Date", "20261127T083015Z")
        .containsEntry("X-Amz-SignedHeaders", "host;x-k8s-aws-id")
        .containsEntry("X-Amz-Credential", "AKIDEXAMPLE/20261127/eu-west-1/sts/aws4_request");
  }

  @Test
  void token_shouldBeDeterministic_forAFixedClockAndCredentials() {
    assertThat(generator.token("c", "us-east-1", BASIC))
        .isEqualTo(generator.token("c", "us-east-1", BASIC))
        .isNotEqualTo(generator.token("other", "us-east-1", BASIC));
  }

  @Test
  void token_shouldUseThePartitionsDomain_inChina() {
    var url = decode(generator.token("c", "cn-north-1", BASIC));

    assertThat(URI.create(url).getHost()).isEqualTo("sts.cn-north-1.amazonaws.com.cn");
  }

  private static String decode(String token) {
    return new String(
        Base64.getUrlDecoder().decode(token.substring("k8s-aws-v1.".length())),
        StandardCharsets.UTF_8);
  }

  private static void assertSameSignedUrl(String actual, String expected) {
    var a = URI.create(actual);
    var e = URI.create(expected);
    assertThat(a.getHost()).isEqualTo(e.getHost());
    assertThat(a.getPath()).isEqualTo(e.getPath());
    // parameter order in the URL is free; the signature is not
    assertThat(query(actual)).isEqualTo(query(expected));
  }

  private static Map<String, String> query(String url) {
    var out = new TreeMap<String, String>();
    for (var pair : URI.create(url).getRawQuery().split("&")) {
      var i = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
