package dev.slipway.deploy.access;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;

/**
 * Makes an EKS bearer token exactly as {@code aws eks get-token} does: a presigned STS {@code
 * GetCallerIdentity} URL (regional endpoint, GET, SigV4 in the query string, 60-second presign
 * expiry) with the {@code x-k8s-aws-id: <cluster>} header signed in, then {@code k8s-aws-v1.} +
 * base64url of the URL without padding. The API server's authenticator (aws-iam-authenticator)
 * replays the URL against STS to learn the caller's ARN and accepts the token for 15 minutes after
 * it was signed.
 *
 * <p>Deterministic for a fixed clock and credentials. The token is a credential: never log it.
 */
public final class EksTokenGenerator {
  public static final String PREFIX = "k8s-aws-v1.";
  public static final String CLUSTER_ID_HEADER = "x-k8s-aws-id";
  public static final Duration PRESIGN_EXPIRY = Duration.ofSeconds(60);

  /** How long the API server accepts a token after it was signed. */
  public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final Clock clock;

  public EksTokenGenerator(Clock clock) {
    this.clock = clock;
  }

  /** A token for {@code cluster} (the EKS cluster name) signed with {@code credentials}. */
  public String token(String cluster, String region, AwsCredentialsIdentity credentials) {
    var signingClock = Clock.fixed(clock.instant(), ZoneOffset.UTC);
    var request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.GET)
            .protocol("https")
            .host(stsHost(region))
            .encodedPath("/")
            .appendRawQueryParameter("Action", "GetCallerIdentity")
            .appendRawQueryParameter("Version", "2011-06-15")
            .putHeader(CLUSTER_ID_HEADER, cluster)
            .build();
    var signed =
        signer.sign(
            r ->
                r.identity(credentials)
                    .request(request)
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(
                        AwsV4FamilyHttpSigner.AUTH_LOCATION,
                        AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, PRESIGN_EXPIRY)
                    .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                    .putProperty(HttpSigner.SIGNING_CLOCK, signingClock));
    var url = signed.request().getUri().toString();
    return PREFIX
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(url.getBytes(StandardCharsets.UTF_8));
  }

  /** The regional STS endpoint host, e.g. {@code sts.eu-west-1.amazonaws.com}. */
  static String stsHost(String region) {
    var metadata = Region.of(region).metadata();
    var domain =
        metadata == null
            ? (region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com")
            : metadata.domain();
    return "sts." + region + "." + domain;
  }
}
