package dev.slipway.awshttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.SlipwayException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialSourceTest {
  static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
  HttpFake endpoint;
  MovingClock clock = new MovingClock(Instant.parse("2026-11-27T10:00:00Z"));

  @BeforeEach
  void start() throws Exception {
    endpoint = new HttpFake();
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  static String answer(String key, String expiration) {
    return "{\"AccessKeyId\":\""
        + key
        + "\",\"SecretAccessKey\":\"sk\",\"Token\":\"tok\",\"Expiration\":\""
        + expiration
        + "\"}";
  }

  @Test
  void lambda_shouldUseTheEnvironment_whenTheKeysAreSet() {
    AwsCredentials c =
        CredentialSource.lambda(
                Map.of(
                    "AWS_ACCESS_KEY_ID",
                    "AKID",
                    "AWS_SECRET_ACCESS_KEY",
                    "sk",
                    "AWS_SESSION_TOKEN",
                    "t"),
                clock)
            .credentials();
    assertThat(c).isEqualTo(new AwsCredentials("AKID", "sk", "t"));
    assertThat(c.toString()).doesNotContain("sk").doesNotContain("=t");
  }

  @Test
  void lambda_shouldReadTheContainerEndpoint_withItsToken_asSnapStartProvidesIt() {
    endpoint.then(200, JSON, answer("ASIA1", "2026-11-27T11:00:00Z"));
    CredentialSource source =
        CredentialSource.lambda(
            Map.of(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                endpoint.uri() + "/2018-06-01/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                "lambda-token"),
            clock);

    assertThat(source.credentials()).isEqualTo(new AwsCredentials("ASIA1", "sk", "tok"));
    assertThat(source.credentials().accessKeyId()).isEqualTo("ASIA1");

    assertThat(endpoint.requests).hasSize(1); // cached until shortly before expiry
    assertThat(endpoint.only().path()).isEqualTo("/2018-06-01/credentials");
    assertThat(endpoint.only().header("Authorization")).isEqualTo("lambda-token");
  }

  @Test
  void container_shouldRefreshFiveMinutesBeforeExpiry() {
    endpoint
        .then(200, JSON, answer("ASIA1", "2026-11-27T11:00:00Z"))
        .then(200, JSON, answer("ASIA2", "2026-11-27T12:00:00Z"));
    CredentialSource source =
        CredentialSource.lambda(
            Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.uri() + "/c"), clock);
    assertThat(source.credentials().accessKeyId()).isEqualTo("ASIA1");
    clock.set(Instant.parse("2026-11-27T10:54:59Z"));
    assertThat(source.credentials().accessKeyId()).isEqualTo("ASIA1");
    clock.set(Instant.parse("2026-11-27T10:55:00Z"));
    assertThat(source.credentials().accessKeyId()).isEqualTo("ASIA2");
  }

  @Test
  void container_shouldReadTheTokenFile(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "from-file\n");
    endpoint.then(200, JSON, answer("ASIA1", "2026-11-27T11:00:00Z"));
    CredentialSource.lambda(
            Map.of(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                endpoint.uri() + "/c",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                token.toString()),
            clock)
        .credentials();
    assertThat(endpoint.only().header("Authorization")).isEqualTo("from-file");
  }

  @Test
  void container_shouldKeepValidCredentials_whenARefreshFails_andFailNamed_whenNoneAreLeft() {
    endpoint.then(200, JSON, answer("ASIA1", "2026-11-27T11:00:00Z")).then(500, Map.of(), "down");
    CredentialSource source =
        CredentialSource.lambda(
            Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.uri() + "/c"), clock);
    source.credentials();
    clock.set(Instant.parse("2026-11-27T10:58:00Z"));
    assertThat(source.credentials().accessKeyId()).isEqualTo("ASIA1");
    clock.set(Instant.parse("2026-11-27T11:00:00Z"));
    assertThatThrownBy(source::credentials)
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo(AwsErrors.CREDENTIALS_UNAVAILABLE);
              assertThat(e.retryable()).isTrue();
            })
        .hasMessageNotContaining("sk");
  }

  @Test
  void lambda_shouldFailNamed_atTheFirstCall_whenTheContainerEndpointIsNotAUrl() {
    CredentialSource source =
        CredentialSource.lambda(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "not a url"), clock);
    assertThatThrownBy(source::credentials)
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.errorName()).isEqualTo(AwsErrors.NO_CREDENTIALS))
        .hasMessageContaining("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  }

  @Test
  void lambda_shouldFailNamed_whenThereAreNoCredentialsAtAll() {
    assertThatThrownBy(() -> CredentialSource.lambda(Map.of(), clock).credentials())
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.errorName()).isEqualTo(AwsErrors.NO_CREDENTIALS))
        .hasMessageContaining("AWS_ACCESS_KEY_ID");
  }

  @Test
  void awsEnvironment_shouldTellWhatIsSet_neverAValue_andChooseLocalCredentialsOnlyWithoutAny() {
    AwsEnvironment keys =
        AwsEnvironment.from(
            Map.of(
                "AWS_ACCESS_KEY_ID",
                "AKID",
                "AWS_SECRET_ACCESS_KEY",
                "very-secret",
                "AWS_SESSION_TOKEN",
                "tok"));
    assertThat(keys.toString())
        .isEqualTo("AwsEnvironment[keys=set, containerEndpoint=unset]")
        .doesNotContain("very-secret");
    assertThat(keys.credentials(clock, true).credentials().accessKeyId()).isEqualTo("AKID");

    AwsEnvironment none = AwsEnvironment.from(Map.of("AWS_ACCESS_KEY_ID", " "));
    assertThat(none.hasCredentials()).isFalse();
    assertThat(none.credentials(clock, true).credentials().accessKeyId())
        .isEqualTo("slipway-local");

    AwsEnvironment half = AwsEnvironment.from(Map.of("AWS_ACCESS_KEY_ID", "AKID"));
    assertThat(half.hasCredentials()).isTrue();
    assertThatThrownBy(() -> half.credentials(clock, true).credentials())
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.errorName()).isEqualTo(AwsErrors.NO_CREDENTIALS))
        .hasMessageContaining("AWS_SECRET_ACCESS_KEY");
  }
}
