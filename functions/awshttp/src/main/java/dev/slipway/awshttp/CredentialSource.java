package dev.slipway.awshttp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.Json;
import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Where a call's credentials come from. Implementations never log them. */
@FunctionalInterface
public interface CredentialSource {

  /**
   * The credentials to sign the next request with.
   *
   * @throws dev.slipway.model.SlipwayException {@code Slipway.Aws.NoCredentials} or {@code
   *     Slipway.Aws.CredentialsUnavailable}
   */
  AwsCredentials credentials();

  /** Always {@code credentials}: local endpoints and tests. */
  static CredentialSource fixed(AwsCredentials credentials) {
    return () -> credentials;
  }

  /**
   * As Lambda provides them: {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code
   * AWS_SESSION_TOKEN} when set; otherwise the container credentials endpoint ({@code
   * AWS_CONTAINER_CREDENTIALS_FULL_URI} with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} or {@code
   * _TOKEN_FILE}, which is what a SnapStart function has, or ECS's {@code
   * AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}), read when first needed and again shortly before the
   * credentials expire.
   */
  static CredentialSource lambda(Map<String, String> env, Clock clock) {
    return lambda(AwsEnvironment.from(env), clock);
  }

  /** As {@link #lambda(Map, Clock)}, from the variables a {@code *Config} read. */
  static CredentialSource lambda(AwsEnvironment env, Clock clock) {
    if (env.accessKeyId() != null && env.secretAccessKey() != null) {
      return fixed(
          new AwsCredentials(env.accessKeyId(), env.secretAccessKey(), env.sessionToken()));
    }
    if (env.containerFullUri() == null && env.containerRelativeUri() == null) {
      return () -> {
        throw new TerminalStepException(
            AwsErrors.NO_CREDENTIALS,
            "no AWS credentials: outside Lambda set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                + " (and AWS_SESSION_TOKEN for temporary ones), or point the function at local"
                + " endpoints (docs/webhooks.md)");
      };
    }
    String address =
        env.containerFullUri() != null
            ? env.containerFullUri()
            : "http://169.254.170.2" + env.containerRelativeUri();
    URI uri;
    try {
      uri = URI.create(address);
      uri.toURL();
    } catch (IllegalArgumentException | java.net.MalformedURLException e) {
      return () -> {
        throw new TerminalStepException(
            AwsErrors.NO_CREDENTIALS,
            "the container credentials endpoint is not a URL ("
                + (env.containerFullUri() != null
                    ? "AWS_CONTAINER_CREDENTIALS_FULL_URI"
                    : "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
                + "): Lambda sets it itself; elsewhere give an http:// URL, or unset it and set"
                + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
      };
    }
    return new ContainerCredentials(uri, env.containerToken(), env.containerTokenFile(), clock);
  }

  /** The container credentials endpoint, cached until five minutes before expiry. */
  final class ContainerCredentials implements CredentialSource {
    static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);
    private final URI uri;
    private final String token;
    private final String tokenFile;
    private final Clock clock;
    private AwsCredentials current;
    private Instant refreshAt = Instant.MIN;

    ContainerCredentials(URI uri, String token, String tokenFile, Clock clock) {
      this.uri = uri;
      this.token = token;
      this.tokenFile = tokenFile;
      this.clock = clock;
    }

    @Override
    public synchronized AwsCredentials credentials() {
      Instant now = clock.instant();
      if (current != null && now.isBefore(refreshAt)) {
        return current;
      }
      try {
        JsonNode body = fetch();
        AwsCredentials read =
            new AwsCredentials(
                body.path("AccessKeyId").asText(),
                body.path("SecretAccessKey").asText(),
                body.path("Token").isTextual() ? body.path("Token").asText() : null);
        if (read.accessKeyId().isEmpty() || read.secretAccessKey().isEmpty()) {
          throw new IOException("the answer has no AccessKeyId or SecretAccessKey");
        }
        Instant expires =
            body.path("Expiration").isTextual()
                ? Instant.parse(body.path("Expiration").asText())
                : now.plus(Duration.ofMinutes(15));
        current = read;
        refreshAt = expires.minus(REFRESH_BEFORE_EXPIRY);
        return read;
      } catch (IOException | RuntimeException e) {
        if (current != null && now.isBefore(refreshAt.plus(REFRESH_BEFORE_EXPIRY))) {
          return current; // still valid for a few minutes: the next call tries again
        }
        throw new RetryableStepException(
            AwsErrors.CREDENTIALS_UNAVAILABLE,
            "could not read credentials from the container credentials endpoint "
                + uri.getHost()
                + " ("
                + e.getClass().getSimpleName()
                + "). In Lambda this is transient: try again; elsewhere check"
                + " AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN.",
            e);
      }
    }

    private JsonNode fetch() throws IOException {
      HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      String auth = token != null ? token : tokenFile != null ? readToken() : null;
      if (auth != null) {
        c.setRequestProperty("Authorization", auth);
      }
      c.setRequestProperty("Accept", "application/json");
      int status = c.getResponseCode();
      if (status != 200) {
        c.disconnect();
        throw new IOException("HTTP " + status);
      }
      try (InputStream in = c.getInputStream()) {
        return Json.mapper().readTree(in);
      }
    }

    private String readToken() throws IOException {
      return Files.readString(Path.of(tokenFile)).trim();
    }
  }
}
