package dev.slipway.awshttp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;

/** Secrets Manager's GetSecretValue. Errors name the secret, never its value. */
public final class SecretsManagerSource implements SecretSource {
  private final AwsJson secretsManager;

  public SecretsManagerSource(AwsJson secretsManager) {
    this.secretsManager = secretsManager;
  }

  @Override
  public String secretString(String secretId) {
    JsonNode answer;
    try {
      answer = secretsManager.call("GetSecretValue", AwsJson.input().put("SecretId", secretId));
    } catch (AwsCallException e) {
      if ("ResourceNotFoundException".equals(e.code())) {
        throw new TerminalStepException(
            AwsErrors.SECRETS_NOT_FOUND,
            "no secret '"
                + secretId
                + "' in Secrets Manager. Create it (docs/webhooks.md) or set"
                + " SLIPWAY_WEBHOOK_SECRET_ID.");
      }
      throw new RetryableStepException(
          AwsErrors.SECRETS_UNAVAILABLE,
          "could not read secret '"
              + secretId
              + "' ("
              + (e.code() != null
                  ? e.code()
                  : e.status() == 0 ? e.awsMessage() : "HTTP " + e.status())
              + "). Check the function's"
              + " secretsmanager:GetSecretValue permission and the KMS key policy.");
    }
    JsonNode value = answer.get("SecretString");
    if (value == null || !value.isTextual()) {
      throw new TerminalStepException(
          AwsErrors.SECRETS_INVALID,
          "secret '" + secretId + "' has no string value; store the webhook secrets as JSON text");
    }
    return value.asText();
  }
}
