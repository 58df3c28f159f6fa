package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlipwayExceptionTest {

  @Test
  void message_shouldCarryNameAndCause_soTheLambdaErrorPayloadKeepsTheName() {
    var e =
        new TerminalStepException("Slipway.Manifest.InvalidYaml", "deploy.yaml:3:7: bad indent");
    assertThat(e.getMessage())
        .isEqualTo("Slipway.Manifest.InvalidYaml: deploy.yaml:3:7: bad indent");
    assertThat(e.errorName()).isEqualTo("Slipway.Manifest.InvalidYaml");
    assertThat(e.causeText()).isEqualTo("deploy.yaml:3:7: bad indent");
    assertThat(e.retryable()).isFalse();
    assertThat(new RetryableStepException("Slipway.Cluster.Timeout", "x").retryable()).isTrue();
  }

  @Test
  void constructor_shouldRejectNamesOutsideTheSlipwayNamespace() {
    assertThatThrownBy(() -> new TerminalStepException("Deploy.Failed", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
