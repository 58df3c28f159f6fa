package dev.slipway.approvals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.awshttp.AwsErrors;
import dev.slipway.awshttp.SecretSource;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import java.util.Optional;

/**
 * The webhook secrets, from one Secrets Manager secret whose value is a JSON object:
 *
 * <pre>
 * {"github": "...", "jenkins": "...", "jenkinsToken": "...", "build": "...", "approvals": "..."}
 * </pre>
 *
 * A missing key turns that way in off: such requests are answered 401.
 */
public final class WebhookSecrets {
  public static final String GITHUB = "github";
  public static final String JENKINS = "jenkins";
  public static final String JENKINS_TOKEN = "jenkinsToken";
  public static final String BUILD = "build";
  public static final String APPROVALS = "approvals";

  private final SecretSource source;
  private final String secretId;

  public WebhookSecrets(SecretSource source, String secretId) {
    this.source = source;
    this.secretId = secretId;
  }

  /** The value under {@code key}, or empty when the secret has no such key. */
  public Optional<String> get(String key) {
    String raw = source.secretString(secretId);
    JsonNode node;
    try {
      node = Json.mapper().readTree(raw);
    } catch (JsonProcessingException e) {
      throw notJson();
    }
    if (node == null || !node.isObject()) {
      throw notJson();
    }
    JsonNode v = node.path(key);
    return v.isTextual() && !v.asText().isEmpty() ? Optional.of(v.asText()) : Optional.empty();
  }

  private TerminalStepException notJson() {
    // never include the value: it is a secret
    return new TerminalStepException(
        AwsErrors.SECRETS_INVALID,
        "secret '"
            + secretId
            + "' is not a JSON object. Store {\"github\": ..., \"jenkins\": ..., \"jenkinsToken\":"
            + " ..., \"build\": ..., \"approvals\": ...} (docs/webhooks.md).");
  }
}
