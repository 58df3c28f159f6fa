package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureNamesTest {

  @ParameterizedTest(name = "{0}: {1} -> {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Deploy          | dev.slipway.model.TerminalStepException | {"errorMessage":"Slipway.Deploy.Conflict: field .spec.replicas is owned by hpa","errorType":"dev.slipway.model.TerminalStepException","stackTrace":[]} | Slipway.Deploy.Conflict | field .spec.replicas is owned by hpa
          Canary          | dev.slipway.model.RetryableStepException | {"errorMessage":"Slipway.Canary.MetricsUnavailable: http://prom:9090 did not answer","errorType":"dev.slipway.model.RetryableStepException"} | Slipway.Canary.MetricsUnavailable | http://prom:9090 did not answer
          RequestApproval | Slipway.Approval.Rejected | rejected by alice: not during the sale | Slipway.Approval.Rejected | rejected by alice: not during the sale
          RequestApproval | States.Timeout |  | Slipway.Approval.Expired | nobody approved or rejected the release in time at RequestApproval
          Rollout         | States.Timeout |  | Slipway.Function.Timeout | the Rollout state ran longer than its TimeoutSeconds
          Canary          | Lambda.Unknown | The cause could not be determined because Lambda did not return an error type. Returned payload: {"errorMessage":"RequestId: 1 Error: Runtime exited with error: signal: killed","errorType":"Runtime.ExitError"} | Slipway.Function.OutOfMemory | the function behind the Canary state ran out of memory
          Canary          | java.lang.OutOfMemoryError | {"errorMessage":"Java heap space","errorType":"java.lang.OutOfMemoryError"} | Slipway.Function.OutOfMemory | Raise its MemorySize
          Deploy          | Lambda.Unknown | {"errorMessage":"2026-11-26T21:00:00.000Z 1 Task timed out after 60.00 seconds"} | Slipway.Function.Timeout | the function behind the Deploy state hit its Lambda timeout
          GenerateManifests | States.DataLimitExceeded | The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit. | Slipway.Function.PayloadTooLarge | 256 KiB
          Deploy          | Lambda.TooManyRequestsException | Rate exceeded | Slipway.Function.Unavailable | Lambda.TooManyRequestsException
          Rollout         | java.lang.NullPointerException | {"errorMessage":"boom","errorType":"java.lang.NullPointerException"} | Slipway.Function.Crashed | the Rollout state failed with java.lang.NullPointerException: boom. This is a Slipway bug
          """)
  void describe_shouldNameEveryWayAReleaseCanFail(
      String state, String error, String cause, String name, String causePart) {
    Failure f = FailureNames.describe(state, error, cause);
    assertThat(f.error()).isEqualTo(name);
    assertThat(f.cause()).contains(causePart);
  }
}
