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
      throw CanaryErrors.invalidInput(
          "the Prometheus credentials secret '"
              + secretId
              + "' could not be read ("
              + e.awsErrorDetails().errorCode()
              + "). Check that it exists in "
              + region
              + " and that the function's role may secretsmanager:GetSecretValue on it.");
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
    throw CanaryErrors.invalidInput(
        "the Prometheus credentials secret '"
            + secretId
            + "' is not JSON with \"bearerToken\", or with \"username\" and \"password\".");
  }
}
