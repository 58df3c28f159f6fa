package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Every resource of the stack with its key properties. */
class SlipwayStackTest {
  private static Template template;
  private static Map<String, Object> resources;

  @BeforeAll
  static void synth() {
    template = SynthesizedSlipway.get().template;
    resources = TemplateJson.map(template.toJSON().get("Resources"));
  }

  @Test
  @DisplayName("the artifact bucket: SSE-KMS with the rotated customer key, versioned, private")
  void bucket_shouldBeEncryptedVersionedAndPrivate() {
    template.hasResourceProperties(
        "AWS::S3::Bucket",
        Match.objectLike(
            Map.of(
                "BucketEncryption",
                Map.of(
                    "ServerSideEncryptionConfiguration",
                    List.of(
                        Map.of(
                            "BucketKeyEnabled",
                            true,
                            "ServerSideEncryptionByDefault",
                            Map.of(
                                "SSEAlgorithm",
                                "aws:kms",
                                "KMSMasterKeyID",
                                Map.of("Fn::GetAtt", List.of(id("BucketKey"), "Arn")))))),
                "VersioningConfiguration",
                Map.of("Status", "Enabled"),
                "PublicAccessBlockConfiguration",
                Map.of(
                    "BlockPublicAcls", true,
                    "BlockPublicPolicy", true,
                    "IgnorePublicAcls", true,
                    "RestrictPublicBuckets", true),
                "LoggingConfiguration",
                Map.of(
                    "DestinationBucketName",
                    Map.of("Ref", id("AccessLogBucket")),
                    "LogFilePrefix",
                    "artifact-bucket/"))));
    template.hasResourceProperties(
        "AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true)));
    assertThat(TemplateJson.map(resources.get(id("ArtifactBucket"))).get("DeletionPolicy"))
        .isEqualTo("Retain");
  }

  @Test
  @DisplayName("lifecycle: artifacts/ after 180 days, noncurrent versions after 30, nothing else")
  void bucket_shouldExpireOnlyArtifactsAndOldVersions() {
    List<Object> rules =
        TemplateJson.list(
            TemplateJson.map(
                    TemplateJson.map(
                            TemplateJson.map(resources.get(id("ArtifactBucket"))).get("Properties"))
                        .get("LifecycleConfiguration"))
                .get("Rules"));
    assertThat(rules)
        .containsExactlyInAnyOrder(
            Map.of(
                "Id",
                "expire-artifacts",
                "Prefix",
                "artifacts/",
                "ExpirationInDays",
                180,
                "Status",
                "Enabled"),
            Map.of(
                "Id",
                "expire-noncurrent-versions",
                "NoncurrentVersionExpiration",
                Map.of("NoncurrentDays", 30),
                "AbortIncompleteMultipartUpload",
                Map.of("DaysAfterInitiation", 7),
                "Status",
                "Enabled"),
            Map.of(
                "Id",
                "remove-expired-delete-markers",
                "ExpiredObjectDeleteMarker",
                true,
                "Status",
                "Enabled"));
  }

  @Test
  @DisplayName("both buckets refuse plain HTTP and TLS below 1.2")
  void buckets_shouldDenyInsecureTransport() {
    for (String bucket : List.of("ArtifactBucket", "AccessLogBucket")) {
      template.hasResourceProperties(
          "AWS::S3::BucketPolicy",
          Match.objectLike(
              Map.of(
                  "Bucket",
                  Map.of("Ref", id(bucket)),
                  "PolicyDocument",
                  denies(
                      Map.of("Bool", Map.of("aws:SecureTransport", "false")),
                      Map.of("NumericLessThan", Map.of("s3:TlsVersion", 1.2))))));
    }
  }

  /** A policy document with a Deny statement for each of the given conditions. */
  private static Object denies(Map<?, ?>... conditions) {
    List<Object> statements =
        java.util.Arrays.stream(conditions)
            .map(c -> (Object) Match.objectLike(Map.of("Effect", "Deny", "Condition", c)))
            .toList();
    return Match.objectLike(Map.of("Statement", Match.arrayWith(statements)));
  }

  @ParameterizedTest
  @EnumSource(SlipwayFunction.class)
  @DisplayName("each function: own jar, Java 21 on arm64, SnapStart, JSON logs, X-Ray, sizing")
  void function_shouldBeConfiguredFromTheCatalogue(SlipwayFunction f) {
    Map<String, Object> props =
        TemplateJson.map(
            TemplateJson.map(resources.get(id(f.id() + "Function"))).get("Properties"));
    assertThat(props)
        .containsEntry("Runtime", "java21")
        .containsEntry("Architectures", List.of("arm64"))
        .containsEntry("Handler", f.handler())
        .containsEntry("MemorySize", f.memoryMb())
        .containsEntry("Timeout", f.timeout().toSeconds().intValue())
        .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
        .containsEntry("TracingConfig", Map.of("Mode", "Active"))
        .containsEntry(
            "LoggingConfig",
            Map.of(
                "LogFormat", "JSON",
                "ApplicationLogLevel", "INFO",
                "SystemLogLevel", "WARN",
                "LogGroup", Map.of("Ref", id(f.id() + "Logs"))))
        .containsEntry("Role", Map.of("Fn::GetAtt", List.of(id(f.roleId() + "Role"), "Arn")));
    if (f.reservedConcurrency() == null) {
      assertThat(props).doesNotContainKey("ReservedConcurrentExecutions");
    } else {
      assertThat(props).containsEntry("ReservedConcurrentExecutions", f.reservedConcurrency());
    }
    assertThat(props).doesNotContainKey("VpcConfig");
    template.hasResourceProperties(
        "AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 30)));
    template.hasResourceProperties(
        "AWS::Lambda::Alias",
        Map.of(
            "Name", "live",
            "FunctionName", Map.of("Ref", id(f.id() + "Function")),
            "FunctionVersion", Match.objectLike(Map.of("Fn::GetAtt", Match.anyValue()))));
  }

  @Test
  @DisplayName("functions sharing a jar share one code asset; each function has its own log group")
  void functions_shouldUseTheirModulesJars() {
    assertThat(SlipwayFunction.WEBHOOK.jar()).isEqualTo(SlipwayFunction.APPROVAL.jar());
    assertThat(SlipwayFunction.DEPLOY.jar())
        .isEqualTo(SlipwayFunction.ROLLOUT.jar())
        .isEqualTo(SlipwayFunction.ROLLBACK.jar())
        .isEqualTo(SlipwayFunction.DIFF.jar());
    for (SlipwayFunction f :
        List.of(
            SlipwayFunction.PLAN,
            SlipwayFunction.LOCK,
            SlipwayFunction.UNLOCK,
            SlipwayFunction.APPROVAL_GATE,
            SlipwayFunction.RECORD)) {
      assertThat(f.jar().toString())
          .as(f.id())
          .isEqualTo("functions/pipeline/target/slipway-pipeline-lambda.jar");
    }
    // Every jar is functions/<module>/target/slipway-<module>-lambda.jar (functions/pom.xml).
    for (SlipwayFunction f : SlipwayFunction.values()) {
      assertThat(f.jar().toString())
          .as(f.id())
          .matches("functions/([a-z]+)/target/slipway-\\1-lambda\\.jar");
      assertThat(f.handler())
          .as(f.id())
          .matches("dev\\.slipway\\.[a-z]+\\.[A-Za-z]+::handleRequest");
    }
    assertThat(SlipwayFunction.CANARY.jar().toString())
        .isEqualTo("functions/analysis/target/slipway-analysis-lambda.jar");
    template.resourceCountIs("AWS::Lambda::Function", SlipwayFunction.values().length + 1);
    template.resourceCountIs("AWS::Lambda::Alias", SlipwayFunction.values().length);
  }

  @Test
  @DisplayName("each function's environment is exactly what its *Config class (and its JVM) reads")
  void functions_shouldGetExactlyTheirConfigurationInTheEnvironment() {
    Map<String, Object> bucket = Map.of("Ref", id("ArtifactBucket"));
    Map<String, Object> webhookSecret = Map.of("Ref", id("WebhookSecret"));
    Map<String, Object> topic = Map.of("Ref", id("Notifications"));
    Map<String, Object> stateMachine = Map.of("Ref", id("Release"));
    Map<String, Map<String, Object>> expected = new java.util.TreeMap<>();
    for (String f : List.of("Webhook", "Approval")) {
      expected.put(
          f,
          Map.of(
              "SLIPWAY_BUCKET", bucket,
              "SLIPWAY_WEBHOOK_SECRET_ID", webhookSecret,
              "SLIPWAY_STATE_MACHINE_ARN", stateMachine,
              // read by the JVM, not by WebhookConfig: C1 only for a quick first answer
              "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"));
    }
    for (String f : List.of("Plan", "Lock", "Unlock", "Manifests", "Diff", "Deploy", "Rollout")) {
      expected.put(f, Map.of("SLIPWAY_BUCKET", bucket));
    }
    expected.put("Rollback", Map.of("SLIPWAY_BUCKET", bucket));
    expected.put("Record", Map.of("SLIPWAY_BUCKET", bucket, "SLIPWAY_TOPIC_ARN", topic));
    expected.put(
        "ApprovalGate",
        Map.of(
            "SLIPWAY_BUCKET", bucket,
            "SLIPWAY_TOPIC_ARN", topic,
            "SLIPWAY_WEBHOOK_SECRET_ID", webhookSecret,
            "SLIPWAY_API_URL", "https://<Api>.execute-api.${AWS::Region}.${AWS::URLSuffix}/v1"));
    expected.put(
        "Canary",
        Map.of(
            "SLIPWAY_BUCKET", bucket,
            "SLIPWAY_PROMETHEUS_URL", "https://prometheus.example.com",
            // The fixture's Prometheus is an Amazon Managed Prometheus workspace: sign with SigV4.
            "SLIPWAY_PROMETHEUS_SIGV4_REGION", "eu-west-1"));
    expected.put(
        "Annotate",
        Map.of(
            "SLIPWAY_BUCKET",
            bucket,
            "SLIPWAY_GRAFANA_URL",
            "https://grafana.example.com",
            "SLIPWAY_GRAFANA_TOKEN_SECRET_ARN",
            Map.of("Ref", id("GrafanaToken"))));
    expected.put(
        "Reconcile",
        Map.of(
            "SLIPWAY_BUCKET",
            bucket,
            "SLIPWAY_TOPIC_ARN",
            topic,
            "SLIPWAY_GRAFANA_URL",
            "https://grafana.example.com",
            "SLIPWAY_GRAFANA_TOKEN_SECRET_ARN",
            Map.of("Ref", id("GrafanaToken"))));
    expected.put("StaticSync", Map.of());
    assertThat(expected.keySet())
        .containsExactlyInAnyOrderElementsOf(
            java.util.Arrays.stream(SlipwayFunction.values()).map(SlipwayFunction::id).toList());

    for (Map.Entry<String, Map<String, Object>> e : expected.entrySet()) {
      Map<String, Object> actual = environment(e.getKey());
      Map<String, String> rendered = new java.util.TreeMap<>();
      actual.forEach((k, v) -> rendered.put(k, TemplateJson.render(v)));
      Map<String, String> wanted = new java.util.TreeMap<>();
      e.getValue().forEach((k, v) -> wanted.put(k, TemplateJson.render(v)));
      assertThat(rendered).as(e.getKey()).isEqualTo(wanted);
    }
  }

  @Test
  @DisplayName("the state machine: Standard, 2-hour timeout, ERROR logs without data, tracing")
  void stateMachine_shouldBeStandardLoggedAndTraced() {
    template.hasResourceProperties(
        "AWS::StepFunctions::StateMachine",
        Match.objectLike(
            Map.of(
                "StateMachineName", "Slipway-release",
                "StateMachineType", "STANDARD",
                "TracingConfiguration", Map.of("Enabled", true),
                "DefinitionS3Location", Match.objectLike(Map.of("Bucket", Match.anyValue())),
                "LoggingConfiguration",
                    Map.of(
                        "Level",
                        "ERROR",
                        "IncludeExecutionData",
                        false,
                        "Destinations",
                        List.of(
                            Map.of(
                                "CloudWatchLogsLogGroup",
                                Map.of(
                                    "LogGroupArn",
                                    Map.of("Fn::GetAtt", List.of(id("ReleaseLogs"), "Arn")))))))));
    template.hasResourceProperties(
        "AWS::Logs::LogGroup",
        Map.of("LogGroupName", "/aws/vendedlogs/states/Slipway-release", "RetentionInDays", 30));
    // The 2-hour timeout is the definition's own TimeoutSeconds (SlipwayStackPropsTest).
  }

  @Test
  @DisplayName("two secrets (the webhook JSON, the Grafana token), created without a value")
  void secrets_shouldBeCreatedEmpty() {
    template.resourceCountIs("AWS::SecretsManager::Secret", 2);
    for (String name : List.of("webhooks", "grafana-token")) {
      template.hasResourceProperties(
          "AWS::SecretsManager::Secret",
          Map.of("Name", "Slipway/" + name, "Description", Match.stringLikeRegexp(".*empty.*")));
    }
    template.allResourcesProperties(
        "AWS::SecretsManager::Secret",
        Match.objectLike(
            Map.of("GenerateSecretString", Match.absent(), "SecretString", Match.absent())));
  }

  @Test
  @DisplayName("the topic is KMS-encrypted, TLS-only, and mails the configured address")
  void topic_shouldBeEncryptedAndSubscribed() {
    template.hasResourceProperties(
        "AWS::SNS::Topic",
        Match.objectLike(
            Map.of("KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(id("BucketKey"), "Arn")))));
    template.hasResourceProperties(
        "AWS::SNS::TopicPolicy",
        Match.objectLike(
            Map.of(
                "PolicyDocument", denies(Map.of("Bool", Map.of("aws:SecureTransport", "false"))))));
    template.hasResourceProperties(
        "AWS::SNS::Subscription",
        Map.of(
            "Protocol", "email",
            "Endpoint", "oncall@example.com",
            "TopicArn", Map.of("Ref", id("Notifications"))));
    // Alarms publish as the CloudWatch service: the key must let it use the key.
    template.hasResourceProperties(
        "AWS::KMS::Key",
        Match.objectLike(
            Map.of(
                "KeyPolicy",
                Match.objectLike(
                    Map.of(
                        "Statement",
                        Match.arrayWith(
                            List.of(
                                Match.objectLike(
                                    Map.of(
                                        "Principal",
                                        Map.of("Service", "cloudwatch.amazonaws.com"))))))))));
  }

  @Test
  @DisplayName("the API: REST, regional, five routes, throttled, access-logged, traced")
  void api_shouldRouteWebhooksAndApprovals() {
    template.hasResourceProperties(
        "AWS::ApiGateway::RestApi",
        Match.objectLike(Map.of("EndpointConfiguration", Map.of("Types", List.of("REGIONAL")))));
    template.hasResourceProperties(
        "AWS::ApiGateway::Stage",
        Match.objectLike(
            Map.of(
                "StageName",
                "v1",
                "TracingEnabled",
                true,
                "AccessLogSetting",
                Match.objectLike(
                    Map.of(
                        "DestinationArn",
                        Map.of("Fn::GetAtt", List.of(id("ApiAccessLogs"), "Arn")))),
                "MethodSettings",
                List.of(
                    Map.of(
                        "DataTraceEnabled",
                        false,
                        "HttpMethod",
                        "*",
                        "LoggingLevel",
                        "ERROR",
                        "MetricsEnabled",
                        true,
                        "ResourcePath",
                        "/*",
                        "ThrottlingBurstLimit",
                        20,
                        "ThrottlingRateLimit",
                        10)))));

    List<String> routes =
        resources.values().stream()
            .map(TemplateJson::map)
            .filter(r -> "AWS::ApiGateway::Method".equals(r.get("Type")))
            .map(r -> TemplateJson.map(r.get("Properties")))
            .map(
                p ->
                    p.get("HttpMethod")
                        + " "
                        + path(p.get("ResourceId"))
                        + " "
                        + p.get("AuthorizationType"))
            .sorted()
            .toList();
    assertThat(routes)
        .containsExactly(
            // Signed, expiring links (docs/webhooks.md), checked by the approval function.
            "GET /approvals/{id} NONE",
            "POST /approvals/{id} NONE",
            "POST /webhooks/build NONE",
            "POST /webhooks/github NONE",
            "POST /webhooks/jenkins NONE");

    template.hasResourceProperties(
        "AWS::ApiGateway::Method",
        Match.objectLike(
            Map.of(
                "HttpMethod", "POST",
                "RequestParameters",
                    Map.of(
                        "method.request.header.X-Hub-Signature-256", true,
                        "method.request.header.X-GitHub-Delivery", true,
                        "method.request.header.X-GitHub-Event", true),
                "Integration",
                    Match.objectLike(Map.of("Type", "AWS_PROXY", "Uri", Match.anyValue())))));
    template.hasResourceProperties(
        "AWS::ApiGateway::RequestValidator",
        Map.of(
            "RestApiId",
            Map.of("Ref", id("Api")),
            "Name",
            "required-headers-and-parameters",
            "ValidateRequestParameters",
            true,
            "ValidateRequestBody",
            true));
  }

  @Test
  @DisplayName("alarms: failed and timed-out releases, webhook 4xx/5xx, every function's errors")
  void alarms_shouldCoverReleasesWebhooksAndFunctions() {
    // + the reconcile rule's dead-letter queue and failed invocations (ReconcileWiringTest)
    template.resourceCountIs("AWS::CloudWatch::Alarm", 6 + SlipwayFunction.values().length);
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Match.objectLike(
            Map.of(
                "MetricName",
                "ExecutionsFailed",
                "Namespace",
                "AWS/States",
                "Threshold",
                1,
                "AlarmActions",
                List.of(Map.of("Ref", id("Notifications"))))));
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Match.objectLike(
            Map.of("MetricName", "4XXError", "Namespace", "AWS/ApiGateway", "Threshold", 20)));
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Match.objectLike(Map.of("MetricName", "5XXError", "Namespace", "AWS/ApiGateway")));
    for (SlipwayFunction f : SlipwayFunction.values()) {
      template.hasResourceProperties(
          "AWS::CloudWatch::Alarm",
          Match.objectLike(
              Map.of(
                  "MetricName", "Errors",
                  "Namespace", "AWS/Lambda",
                  "Dimensions",
                      List.of(
                          Map.of(
                              "Name",
                              "FunctionName",
                              "Value",
                              Map.of("Ref", id(f.id() + "Function")))))));
    }
  }

  @Test
  @DisplayName("config/slipway.yaml is uploaded by a bucket deployment that prunes nothing")
  void slipwayConfig_shouldBeUploadedToConfigPrefix() {
    template.hasResourceProperties(
        "Custom::CDKBucketDeployment",
        Match.objectLike(
            Map.of(
                "DestinationBucketName",
                Map.of("Ref", id("ArtifactBucket")),
                "DestinationBucketKeyPrefix",
                "config/",
                "Prune",
                false,
                "RetainOnDelete",
                true)));
  }

  @Test
  @DisplayName("outputs: the three webhook URLs, approvals, state machine, cluster role, secrets")
  void outputs_shouldTellTheOperatorWhatToWireUp() {
    Map<String, Object> outputs = TemplateJson.map(template.toJSON().get("Outputs"));
    assertThat(outputs)
        .containsKeys(
            "GitHubWebhookUrl",
            "JenkinsWebhookUrl",
            "BuildWebhookUrl",
            "ApprovalsUrl",
            "StateMachineArn",
            "BucketName",
            "ClusterRoleArn",
            "TopicArn",
            "WebhookSecretName",
            "GrafanaTokenName");
    assertThat(TemplateJson.render(TemplateJson.map(outputs.get("GitHubWebhookUrl")).get("Value")))
        .isEqualTo(
            "https://<Api>.execute-api.${AWS::Region}.${AWS::URLSuffix}/<ApiDeploymentStagev1>"
                + "/webhooks/github");
  }

  /** The function's environment variables, empty when it has none. */
  private static Map<String, Object> environment(String function) {
    Object env =
        TemplateJson.map(
                TemplateJson.map(resources.get(id(function + "Function"))).get("Properties"))
            .get("Environment");
    return env == null ? Map.of() : TemplateJson.map(TemplateJson.map(env).get("Variables"));
  }

  private static String path(Object resourceRef) {
    String id = (String) TemplateJson.map(resourceRef).get("Ref");
    Map<String, Object> props =
        TemplateJson.map(TemplateJson.map(resources.get(id)).get("Properties"));
    Object parent = props.get("ParentId");
    String parentPath = parent instanceof Map<?, ?> m && m.containsKey("Ref") ? path(parent) : "";
    return parentPath + "/" + props.get("PathPart");
  }

  static String id(String name) {
    return idIn(resources, name);
  }

  static String idIn(Map<String, Object> resources, String name) {
    return resources.keySet().stream()
        .filter(k -> TemplateJson.name(k).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no resource " + name));
  }
}
