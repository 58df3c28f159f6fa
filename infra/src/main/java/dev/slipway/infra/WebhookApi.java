package dev.slipway.infra;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * The webhook/approval API: {@code POST /webhooks/{github,jenkins,build}} to the webhook function,
 * {@code GET|POST /approvals/{id}} to the approval function, on one throttled, logged stage.
 * Created in the stack's own scope (see docs/infra-layout.md): the Lambda permissions' ids embed
 * the API's path, and the URLs CI systems hold depend on the RestApi's logical id.
 */
final class WebhookApi {
  /** The API's one stage; also part of SLIPWAY_API_URL (see {@link #url()}). */
  static final String STAGE = "v1";

  private final Stack stack;
  private final RestApi api;

  WebhookApi(Stack stack, InfraConfig config, RetentionDays retention, SlipwayFunctions functions) {
    this.stack = stack;
    LogGroup accessLogs =
        LogGroup.Builder.create(stack, "ApiAccessLogs")
            .retention(retention)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    api =
        RestApi.Builder.create(stack, "Api")
            .restApiName(stack.getStackName() + "-webhooks")
            .description("Slipway: CI webhooks start releases; approvers complete manual gates")
            .endpointTypes(List.of(EndpointType.REGIONAL))
            // The account-level role API Gateway needs to write execution and access logs.
            .cloudWatchRole(true)
            .deployOptions(
                StageOptions.builder()
                    .stageName(STAGE)
                    .throttlingRateLimit(config.apiRateLimit())
                    .throttlingBurstLimit(config.apiBurstLimit())
                    .loggingLevel(MethodLoggingLevel.ERROR)
                    .dataTraceEnabled(false)
                    .metricsEnabled(true)
                    .tracingEnabled(true)
                    .accessLogDestination(new LogGroupLogDestination(accessLogs))
                    .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                    .build())
            .build();

    RequestValidator validator =
        api.addRequestValidator(
            "ParameterValidator",
            RequestValidatorOptions.builder()
                .requestValidatorName("required-headers-and-parameters")
                .validateRequestParameters(true)
                // No body model: the function parses and verifies the (signed) body itself.
                .validateRequestBody(true)
                .build());
    webhooks(new LambdaIntegration(functions.alias(SlipwayFunction.WEBHOOK)), validator);
    approvals(new LambdaIntegration(functions.alias(SlipwayFunction.APPROVAL)), validator);
  }

  private void webhooks(LambdaIntegration webhook, RequestValidator validator) {
    Resource webhooks = api.getRoot().addResource("webhooks");
    // GitHub signs every delivery; a request without the signature never reaches the function.
    webhooks
        .addResource("github")
        .addMethod(
            "POST",
            webhook,
            MethodOptions.builder()
                .requestValidator(validator)
                // Sorted: the deployment's logical id hashes the methods as serialized, and
                // Map.of's order changes from one JVM to the next.
                .requestParameters(
                    new TreeMap<>(
                        Map.of(
                            "method.request.header.X-Hub-Signature-256", true,
                            "method.request.header.X-GitHub-Delivery", true,
                            "method.request.header.X-GitHub-Event", true)))
                .build());
    for (String source : List.of("jenkins", "build")) {
      webhooks
          .addResource(source)
          .addMethod("POST", webhook, MethodOptions.builder().requestValidator(validator).build());
    }
  }

  private void approvals(LambdaIntegration approval, RequestValidator validator) {
    Resource approvalById = api.getRoot().addResource("approvals").addResource("{id}");
    // Approvers open the signed, expiring link the approval gate sends (docs/webhooks.md): the
    // function checks its HMAC (the secret's "approvals" key), so API Gateway cannot require
    // SigV4 or a token a browser does not have (a bad or missing signature is a named 401).
    MethodOptions approvalOptions =
        MethodOptions.builder()
            .authorizationType(AuthorizationType.NONE)
            .requestValidator(validator)
            .requestParameters(Map.of("method.request.path.id", true))
            .build();
    approvalById.addMethod("GET", approval, approvalOptions);
    approvalById.addMethod("POST", approval, approvalOptions);
  }

  RestApi restApi() {
    return api;
  }

  /**
   * {@code https://<api id>.execute-api.<region>.<suffix>/v1}, from the RestApi's id and the stage
   * name: {@code api.getUrl()} would reference the stage and so, through its deployment, every
   * method and the functions behind them.
   */
  String url() {
    return Fn.join(
        "",
        List.of(
            "https://",
            api.getRestApiId(),
            ".execute-api.",
            stack.getRegion(),
            ".",
            stack.getUrlSuffix(),
            "/",
            STAGE));
  }
}
