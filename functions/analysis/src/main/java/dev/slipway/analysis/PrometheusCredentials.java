package dev.slipway.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.Json;
import java.io.IOException;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Prometheus credentials kept in AWS Secrets Manager, read once per container. The secret's text is
 * JSON: {@code {"bearerToken": "..."}} or {@code {"username": "...", "password": "..."}}. Nothing
 * of the secret's content ever appears in a message.
 */
public final class PrometheusCredentials {
  /** The secrets the stack lets the canary function read (infra: READ_PROMETHEUS_SECRETS). */
  static final String SECRET_PREFIX = "slipway/prometheus/";

  private static final String SHAPE =
      "a JSON secret {\"bearerToken\": \"...\"} or {\"username\": \"...\", \"password\":"
          + " \"...\"}";

  private PrometheusCredentials() {}

  /** Reads secret {@code secretId} with a client for {@code region} (and an optional endpoint). */
  public static PrometheusEndpoint.Auth fromSecretsManager(
      String secretId, String region, URI endpointOverride) {
    return fromSecretsManager(
        secretId, region, endpointOverride, DefaultCredentialsProvider.builder().build());
  }

  static PrometheusEndpoint.Auth fromSecretsManager(
      String secretId, String region, URI endpointOverride, AwsCredentialsProvider credentials) {
    var builder =
        SecretsManagerClient.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create());
    if (endpointOverride != null) {
      builder.endpointOverride(endpointOverride);
    }
    try (SecretsManagerClient client = builder.build()) {
      String text = client.getSecretValue(r -> r.secretId(secretId)).secretString();
      return parse(text, secretId);
    } catch (SecretsManagerException e) {
      throw CanaryErrors.credentialsUnavailable(
          "the Prometheus credentials secret '"
              + secretId
              + "' could not be read in "
              + region
              + " ("
              + e.awsErrorDetails().errorCode()
              + "). Create it there if it does not exist ("
              + SHAPE
              + "), or grant the canary function's role secretsmanager:GetSecretValue on it: the"
              + " stack grants only secrets named "
              + SECRET_PREFIX
              + "* (docs/configuration.md#prometheus-top-level-or-per-cluster).");
    }
  }

  /** The auth a secret's JSON text describes. */
  static PrometheusEndpoint.Auth parse(String text, String secretId) {
    JsonNode n;
    try {
      n = text == null ? null : Json.mapper().readTree(text);
    } catch (IOException e) {
      n = null;
    }
    if (n != null && n.hasNonNull("bearerToken")) {
      return new PrometheusEndpoint.Bearer(n.get("bearerToken").asText());
    }
    if (n != null && n.hasNonNull("username") && n.hasNonNull("password")) {
      return new PrometheusEndpoint.Basic(n.get("username").asText(), n.get("password").asText());
    }
    throw CanaryErrors.credentialsUnavailable(
        "the Prometheus credentials secret '"
            + secretId
            + "' is not JSON with \"bearerToken\", or with \"username\" and \"password\". Put "
            + SHAPE
            + " in it (aws secretsmanager put-secret-value --secret-id NAME --secret-string"
            + " file://credentials.json).");
  }
}
