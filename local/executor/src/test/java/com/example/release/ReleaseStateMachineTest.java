package com.example.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.local.executor.LocalExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/local-executor.md's example, compiled and run as is: a team's own test, own package. */
class ReleaseStateMachineTest {

  /** Your handler: thin, over a service you can fake. */
  static class DeployHandler implements RequestHandler<Map<String, String>, Map<String, String>> {
    interface Cluster {
      String apply(String app, String version);
    }

    private final Cluster cluster;

    DeployHandler(Cluster cluster) {
      this.cluster = cluster;
    }

    @Override
    public Map<String, String> handleRequest(Map<String, String> in, Context context) {
      return Map.of("revision", cluster.apply(in.get("app"), in.get("version")));
    }
  }

  // Usually Files.readString(Path.of("statemachines/release.asl.json")).
  static final String DEFINITION =
      """
      {"StartAt": "Deploy", "States": {
        "Deploy": {"Type": "Task", "Resource": "${DeployFunction}", "ResultPath": "$.deploy",
                   "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 2}],
                   "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}], "Next": "Done"},
        "Done": {"Type": "Succeed"},
        "Failed": {"Type": "Fail", "Error": "Release.Failed"}}}
      """;

  @Test
  void release_shouldRecordTheRevision_whenTheDeploySucceeds() {
    List<String> applied = new ArrayList<>();
    DeployHandler handler =
        new DeployHandler(
            (app, version) -> {
              applied.add(app + ":" + version);
              return "r42";
            });

    Execution e =
        LocalExecutor.builder()
            .function(
                "DeployFunction", handler) // ${DeployFunction}, or ...:function:DeployFunction
            .build()
            .run(DEFINITION, "{\"app\": \"shop\", \"version\": \"1.2.3\"}");

    assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(e.output().at("/deploy/revision").asText()).isEqualTo("r42");
    assertThat(applied).containsExactly("shop:1.2.3");
  }

  @Test
  void release_shouldFail_whenTheClusterKeepsFailing() {
    DeployHandler handler =
        new DeployHandler(
            (app, version) -> {
              throw new IllegalStateException("cluster unreachable");
            });

    Execution e =
        LocalExecutor.builder()
            .function("DeployFunction", handler)
            .build()
            .run(DEFINITION, "{\"app\": \"shop\", \"version\": \"1.2.3\"}");

    assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(e.error()).isEqualTo("Release.Failed");
    assertThat(e.historyTypes()).filteredOn("LambdaFunctionFailed"::equals).hasSize(3);
  }
}
