package dev.slipway.infra;

import static dev.slipway.infra.FunctionSpec.function;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;

/** A function's definition, built by name: defaults, derived values and what it refuses. */
class FunctionSpecTest {
  private static FunctionSpec.Builder minimal(String id) {
    return function(id)
        .module("pipeline")
        .handler("dev.slipway.pipeline.PlanHandler")
        .memoryMb(512, "small")
        .timeout(Duration.seconds(30));
  }

  @Test
  @DisplayName("the jar and the handler string follow from the module and the class")
  void build_shouldDeriveTheJarAndTheHandlerString() {
    FunctionSpec spec = minimal("Plan").build();
    assertThat(spec.jar())
        .isEqualTo(Path.of("functions/pipeline/target/slipway-pipeline-lambda.jar"));
    assertThat(spec.handler()).isEqualTo("dev.slipway.pipeline.PlanHandler::handleRequest");
  }

  @Test
  @DisplayName("a function has a role of its own unless it names one to share")
  void build_shouldDefaultTheRoleToTheId() {
    assertThat(minimal("Plan").build().roleId()).isEqualTo("Plan");
    assertThat(minimal("Unlock").role("Lock").build().roleId()).isEqualTo("Lock");
  }

  @Test
  @DisplayName("optional fields are empty, not null: no environment, no grants, no concurrency")
  void build_shouldLeaveOptionalFieldsEmpty() {
    FunctionSpec spec = minimal("Plan").build();
    assertThat(spec.environment()).isEmpty();
    assertThat(spec.s3Grants()).isEmpty();
    assertThat(spec.capabilities()).isEmpty();
    assertThat(spec.reservedConcurrency()).isNull();
    assertThat(spec.invokedByStateMachine()).isFalse();
    assertThat(spec.vpcCandidate()).isFalse();
  }

  @Test
  @DisplayName("a missing required field is named")
  void build_shouldNameAMissingField() {
    assertThatThrownBy(() -> function("Plan").module("pipeline").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("function Plan: handler is not set");
    assertThatThrownBy(
            () ->
                function("Plan")
                    .module("pipeline")
                    .handler("dev.slipway.pipeline.PlanHandler")
                    .memoryMb(512, "small")
                    .build())
        .hasMessage("function Plan: timeout is not set");
  }

  @Test
  @DisplayName("a function the state machine invokes cannot hold the state machine's ARN")
  void build_shouldRefuseTheStateMachineCycle() {
    assertThatThrownBy(
            () ->
                minimal("Plan")
                    .invokedByStateMachine()
                    .environment(EnvVar.SLIPWAY_STATE_MACHINE_ARN)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("function Plan")
        .hasMessageContaining("dependency cycle");
  }

  @Test
  @DisplayName("the catalogue declares the state machine's ARN only where it cannot be a cycle")
  void catalogue_shouldGiveTheMachinesArnOnlyToWhatItNeverInvokes() {
    for (SlipwayFunction f : SlipwayFunction.values()) {
      if (f.environment().contains(EnvVar.SLIPWAY_STATE_MACHINE_ARN)) {
        assertThat(f.invokedByStateMachine()).as(f.id()).isFalse();
      }
    }
    assertThat(SlipwayFunction.WEBHOOK.environment()).contains(EnvVar.SLIPWAY_STATE_MACHINE_ARN);
    assertThat(SlipwayFunction.APPROVAL_GATE.environment()).contains(EnvVar.SLIPWAY_API_URL);
  }
}
