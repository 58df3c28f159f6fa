package dev.slipway.infra;

import java.util.EnumMap;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.secretsmanager.CfnSecret;
import software.amazon.awscdk.services.secretsmanager.Secret;

/** The secrets the stack creates, empty by design: the operator sets their values. */
public enum SlipwaySecret {
  WEBHOOK(
      "WebhookSecret",
      "webhooks",
      "the webhook secret, a JSON object {github, jenkins, jenkinsToken, build, approvals}"
          + " (docs/webhooks.md)"),
  GRAFANA("GrafanaToken", "grafana-token", "a Grafana service-account token (Editor)");

  private final String id;
  private final String nameSuffix;
  private final String description;

  SlipwaySecret(String id, String nameSuffix, String description) {
    this.id = id;
    this.nameSuffix = nameSuffix;
    this.description = description;
  }

  public String id() {
    return id;
  }

  public String nameSuffix() {
    return nameSuffix;
  }

  public String description() {
    return description;
  }

  public String nameFor(String stackName) {
    return stackName + "/" + nameSuffix;
  }

  /** Creates every secret, empty, in the stack's scope (their logical ids are their ids). */
  static Map<SlipwaySecret, Secret> createAll(Stack stack) {
    Map<SlipwaySecret, Secret> secrets = new EnumMap<>(SlipwaySecret.class);
    for (SlipwaySecret s : values()) {
      secrets.put(s, s.createEmpty(stack));
    }
    return secrets;
  }

  private Secret createEmpty(Stack stack) {
    Secret secret =
        Secret.Builder.create(stack, id)
            .secretName(nameFor(stack.getStackName()))
            .description(
                "Slipway: "
                    + description
                    + ". Created empty on purpose: set it with aws secretsmanager put-secret-value"
                    + " (docs/deploy-aws.md, Set the secrets).")
            .build();
    // Without a value: CDK would otherwise generate a random password, which is not the
    // secret GitHub, Jenkins or Grafana holds. A function reading it before it is set fails
    // with a named error.
    ((CfnSecret) secret.getNode().getDefaultChild())
        .addPropertyDeletionOverride("GenerateSecretString");
    return secret;
  }
}
