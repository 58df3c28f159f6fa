package dev.slipway.infra;

import dev.slipway.infra.SlipwayFunction.Capability;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awscdk.Duration;

/**
 * One function's definition, each field by name: {@code function("Webhook").module("webhook")
 * .handler(...).memoryMb(1024, "why")...}. {@link SlipwayFunction}'s constants are built with it.
 *
 * @param id the construct id and the stem of the state machine's {@code ${IdFunctionArn}}
 * @param module the function module under {@code functions/} whose shaded jar holds the handler
 * @param handlerClass the handler's class; Lambda calls its {@code handleRequest}
 * @param memoryMb the memory size (Lambda's CPU share follows it)
 * @param memoryReason why that size, also the function's description
 * @param timeout Lambda's timeout for one invocation
 * @param reservedConcurrency reserved concurrency, or null where reserving protects nothing
 * @param roleId functions with the same role id share one IAM role (and so their grants)
 * @param invokedByStateMachine whether the release state machine calls it
 * @param vpcCandidate whether it goes into the VPC when one is configured
 * @param environment the environment variables it gets (those configured, for optional ones)
 * @param s3Grants its object access to the Slipway bucket
 * @param capabilities its permissions beyond the bucket and its log group
 */
record FunctionSpec(
    String id,
    String module,
    String handlerClass,
    int memoryMb,
    String memoryReason,
    Duration timeout,
    Integer reservedConcurrency,
    String roleId,
    boolean invokedByStateMachine,
    boolean vpcCandidate,
    Set<EnvVar> environment,
    List<S3Grant> s3Grants,
    Set<Capability> capabilities) {

  /** Starts the definition of the function with this construct id. */
  static Builder function(String id) {
    return new Builder(id);
  }

  /**
   * {@code functions/<module>/target/slipway-<module>-lambda.jar}, relative to the repository root:
   * the shaded jar every function module builds ({@code mvn -B package -DskipTests}).
   */
  Path jar() {
    return Path.of("functions/" + module + "/target/slipway-" + module + "-lambda.jar");
  }

  /** Lambda's handler string. */
  String handler() {
    return handlerClass + "::handleRequest";
  }

  /** Builds a {@link FunctionSpec}; every field but the optional ones must be set. */
  static final class Builder {
    private final String id;
    private String module;
    private String handlerClass;
    private Integer memoryMb;
    private String memoryReason;
    private Duration timeout;
    private Integer reservedConcurrency;
    private String roleId;
    private boolean invokedByStateMachine;
    private boolean vpcCandidate;
    private final Set<EnvVar> environment = EnumSet.noneOf(EnvVar.class);
    private List<S3Grant> s3Grants = List.of();
    private final Set<Capability> capabilities = EnumSet.noneOf(Capability.class);

    private Builder(String id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    /** The module under {@code functions/} whose jar holds the handler ("pipeline", ...). */
    Builder module(String module) {
      this.module = module;
      return this;
    }

    /** The handler's fully qualified class name (without {@code ::handleRequest}). */
    Builder handler(String className) {
      this.handlerClass = className;
      return this;
    }

    /** The memory size in MB, and why that size (it becomes the function's description). */
    Builder memoryMb(int memoryMb, String reason) {
      this.memoryMb = memoryMb;
      this.memoryReason = reason;
      return this;
    }

    Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Reserves concurrency (when the infra config's reservedConcurrency is on). */
    Builder reservedConcurrency(int reserved) {
      this.reservedConcurrency = reserved;
      return this;
    }

    /** Shares the IAM role {@code roleId} (default: a role of its own, named like the id). */
    Builder role(String roleId) {
      this.roleId = roleId;
      return this;
    }

    /** The state machine invokes it: it gets a definition substitution and an invoke grant. */
    Builder invokedByStateMachine() {
      this.invokedByStateMachine = true;
      return this;
    }

    /** It talks to in-VPC endpoints (clusters, Prometheus, Grafana): placed in the VPC if set. */
    Builder inVpcWhenConfigured() {
      this.vpcCandidate = true;
      return this;
    }

    /** The environment variables its {@code *Config} reads. */
    Builder environment(EnvVar... variables) {
      this.environment.addAll(List.of(variables));
      return this;
    }

    /** Its object access to the Slipway bucket, by key pattern ({@link BucketLayout}). */
    Builder s3(S3Grant... grants) {
      return s3(List.of(grants));
    }

    Builder s3(List<S3Grant> grants) {
      this.s3Grants = List.copyOf(grants);
      return this;
    }

    /** Its permissions beyond the bucket and its log group. */
    Builder can(Capability... capabilities) {
      this.capabilities.addAll(List.of(capabilities));
      return this;
    }

    FunctionSpec build() {
      require(module, "module");
      require(handlerClass, "handler");
      require(memoryMb, "memoryMb");
      require(timeout, "timeout");
      if (invokedByStateMachine && environment.contains(EnvVar.SLIPWAY_STATE_MACHINE_ARN)) {
        // Its ARN is in the definition, the state machine's ARN would be in its environment.
        throw new IllegalStateException(
            "function "
                + id
                + ": a function the state machine invokes cannot hold the state machine's ARN"
                + " (a dependency cycle): drop EnvVar.SLIPWAY_STATE_MACHINE_ARN or invokedByStateMachine()");
      }
      return new FunctionSpec(
          id,
          module,
          handlerClass,
          memoryMb,
          memoryReason,
          timeout,
          reservedConcurrency,
          roleId == null ? id : roleId,
          invokedByStateMachine,
          vpcCandidate,
          Collections.unmodifiableSet(EnumSet.copyOf(environment)),
          s3Grants,
          Collections.unmodifiableSet(EnumSet.copyOf(capabilities)));
    }

    private void require(Object value, String field) {
      if (value == null) {
        throw new IllegalStateException("function " + id + ": " + field + " is not set");
      }
    }
  }
}
