package dev.slipway.awshttp;

/**
 * Where secrets come from: Secrets Manager in AWS, a map in tests. Implementations never log a
 * secret's value.
 */
public interface SecretSource {

  /**
   * The secret's current string value.
   *
   * @throws dev.slipway.model.SlipwayException {@code Slipway.Secrets.NotFound} when there is no
   *     such secret, {@code Slipway.Secrets.Unavailable} when it cannot be read now
   */
  String secretString(String secretId);
}
