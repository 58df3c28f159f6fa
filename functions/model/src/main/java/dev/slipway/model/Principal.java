package dev.slipway.model;

/**
 * A caller identity that something other than the caller verified: the principal API Gateway's
 * authorizer (IAM, a JWT or Cognito authorizer, a Lambda authorizer) put in the request context.
 *
 * @param id who: an IAM ARN, a JWT's {@code email} or {@code sub} claim, a Lambda authorizer's
 *     {@code principalId}
 * @param source where it came from, e.g. {@code iam}, {@code jwt:email}, {@code cognito:sub},
 *     {@code authorizer:principalId}
 */
public record Principal(String id, String source) {}
