package dev.slipway.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;

/**
 * The artifact bucket (kubeconfigs, config, artifacts, releases, locks: {@link BucketLayout}), the
 * KMS key that encrypts it (and the notification topic), the bucket its access logs go to, and the
 * upload of config/slipway.yaml. Stateful, all of it: created in the stack's own scope, so the
 * logical ids are those every deployed Slipway stack already has (docs/infra-layout.md).
 */
final class ArtifactStorage {
  private final Stack stack;
  private final Key key;
  private final Bucket accessLogBucket;
  private final Bucket bucket;

  ArtifactStorage(Stack stack) {
    this.stack = stack;
    key =
        Key.Builder.create(stack, "BucketKey")
            .description("Slipway: encrypts the artifact bucket (kubeconfigs!) and the topic")
            .enableKeyRotation(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    // CloudWatch alarms publish to the encrypted topic as the CloudWatch service.
    key.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("AllowCloudWatchAlarmsToPublishToTheTopic")
            .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
            .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
            // In a key policy "*" means "this key".
            .resources(List.of("*"))
            .build());

    accessLogBucket =
        Bucket.Builder.create(stack, "AccessLogBucket")
            // S3 server access logging can only deliver to SSE-S3 buckets.
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .minimumTlsVersion(1.2)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(365))
                        .build()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();

    bucket =
        Bucket.Builder.create(stack, "ArtifactBucket")
            .encryption(BucketEncryption.KMS)
            .encryptionKey(key)
            .bucketKeyEnabled(true)
            .versioned(true)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .minimumTlsVersion(1.2)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .serverAccessLogsBucket(accessLogBucket)
            .serverAccessLogsPrefix("artifact-bucket/")
            .lifecycleRules(
                List.of(
                    // Jenkins' buildDiscarder(daysToKeepStr: '180'); kubeconfigs/ and config/
                    // (and releases/, locks/, templates/, webhooks/ deliveries) never expire.
                    LifecycleRule.builder()
                        .id("expire-artifacts")
                        .prefix(BucketLayout.ARTIFACTS_PREFIX)
                        .expiration(Duration.days(180))
                        .build(),
                    LifecycleRule.builder()
                        .id("expire-noncurrent-versions")
                        .noncurrentVersionExpiration(Duration.days(30))
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build(),
                    LifecycleRule.builder()
                        .id("remove-expired-delete-markers")
                        .expiredObjectDeleteMarker(true)
                        .build()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
  }

  /**
   * Uploads the infra config's slipwayConfigFile as config/slipway.yaml, or does nothing (null)
   * when none is configured.
   */
  BucketDeployment uploadSlipwayConfig(SlipwayStackProps props) {
    String file = props.config().slipwayConfigFile();
    if (file == null) {
      return null;
    }
    Path path = props.configDir().resolve(file);
    String yaml;
    try {
      yaml = Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "slipwayConfigFile " + path + " cannot be read: fix the path in the infra config", e);
    }
    return BucketDeployment.Builder.create(stack, "SlipwayConfigUpload")
        .sources(List.of(Source.data("slipway.yaml", yaml)))
        .destinationBucket(bucket)
        .destinationKeyPrefix(BucketLayout.CONFIG_PREFIX)
        // Only config/slipway.yaml is managed here; anything else under config/ stays.
        .prune(false)
        .retainOnDelete(true)
        .memoryLimit(256)
        .build();
  }

  Key key() {
    return key;
  }

  Bucket bucket() {
    return bucket;
  }

  Bucket accessLogBucket() {
    return accessLogBucket;
  }
}
