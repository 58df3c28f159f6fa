package dev.slipway.webhook.aws;

import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;
import dev.slipway.webhook.SecretSource;
import dev.slipway.webhook.WebhookErrors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** Secrets Manager's GetSecretValue. Errors name the secret, never its value. */
public final class SecretsManagerSource implements SecretSource {
  private final SecretsManagerClient client;

  public SecretsManagerSource(SecretsManagerClient client) {
    this.client = client;
  }

  @Override
  public String secretString(String secretId) {
    try {
      String value = client.getSecretValue(b -> b.secretId(secretId)).secretString();
      if (value == null) {
        throw new TerminalStepException(
            WebhookErrors.SECRETS_INVALID,
            "secret '"
                + secretId
                + "' has no string value; store the webhook secrets as JSON text");
      }
      return value;
    } catch (ResourceNotFoundException e) {
      throw new TerminalStepException(
          WebhookErrors.SECRETS_NOT_FOUND,
          "no secret '"
              + secretId
              + "' in Secrets Manager. Create it (docs/webhooks.md) or set"
              + " SLIPWAY_WEBHOOK_SECRET_ID.");
    } catch (SecretsManagerException | SdkClientException e) {
      String code =
          e instanceof SecretsManagerException s && s.awsErrorDetails() != null
              ? s.awsErrorDetails().errorCode()
              : e.getClass().getSimpleName();
      throw new RetryableStepException(
          WebhookErrors.SECRETS_UNAVAILABLE,
          "could not read secret '"
              + secretId
              + "' ("
              + code
              + "). Check the function's"
              + " secretsmanager:GetSecretValue permission and the KMS key policy.");
    }
  }
}
