package dev.slipway.deploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.manifests.ObjectRef;
import dev.slipway.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutRuleTest {
  private static final Instant NOW = Instant.parse("2026-11-27T09:12:00Z");

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          deployment-generation-not-observed     | IN_PROGRESS | Progressing                              | Waiting for deployment spec update to be observed
          deployment-updating                    | IN_PROGRESS | Progressing                              | 1 out of 3 new replicas have been updated
          deployment-old-replicas-pending        | IN_PROGRESS | Progressing                              | 1 old replicas are pending termination
          deployment-updated-unavailable         | IN_PROGRESS | Progressing                              | 2 of 3 updated replicas are available
          deployment-complete                    | DONE        | Complete                                 | deployment "web" successfully rolled out
          deployment-default-replicas-complete   | DONE        | Complete                                 | successfully rolled out
          deployment-paused                      | IN_PROGRESS | Progressing                              | The deployment is paused
          deployment-replica-failure             | IN_PROGRESS | Progressing                              | ReplicaFailure FailedCreate: pods "web-7d9f8b6c5-q8k2n" is forbidden: exceeded quota
          deployment-progress-deadline-exceeded  | FAILED      | Slipway.Deploy.ProgressDeadlineExceeded  | exceeded its progress deadline (600s)
          deployment-crashloop                   | IN_PROGRESS | Progressing                              | CrashLoopBackOff, 6 restarts
          deployment-oomkilled                   | IN_PROGRESS | Progressing                              | OOMKilled, 6 restarts: CrashLoopBackOff
          deployment-image-pull-backoff          | IN_PROGRESS | Progressing                              | pod web-7d9f8b6c5-x2x7q (app): ImagePullBackOff: Back-off pulling image
          deployment-err-image-pull              | IN_PROGRESS | Progressing                              | ErrImagePull: rpc error: code = NotFound
          deployment-unschedulable               | IN_PROGRESS | Progressing                              | Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.
          statefulset-not-observed               | IN_PROGRESS | Progressing                              | Waiting for statefulset spec update to be observed
          statefulset-generation-not-observed    | IN_PROGRESS | Progressing                              | Waiting for statefulset spec update to be observed
          statefulset-pods-not-ready             | IN_PROGRESS | Progressing                              | Waiting for 1 pods to be ready
          statefulset-revision-pending           | IN_PROGRESS | Progressing                              | waiting for statefulset rolling update to complete 3 pods at revision db-7f8e9d0c
          statefulset-complete                   | DONE        | Complete                                 | statefulset rolling update complete 3 pods at revision db-6c7d8e9f
          statefulset-partition-waiting          | IN_PROGRESS | Progressing                              | partitioned roll out to finish: 0 out of 2 new pods
          statefulset-partition-complete         | DONE        | Complete                                 | partitioned roll out complete: 2 new pods
          statefulset-on-delete                  | DONE        | Complete                                 | updateStrategy OnDelete
          daemonset-generation-not-observed      | IN_PROGRESS | Progressing                              | Waiting for daemon set spec update to be observed
          daemonset-updating                     | IN_PROGRESS | Progressing                              | 1 out of 3 new pods have been updated
          daemonset-unavailable                  | IN_PROGRESS | Progressing                              | 2 of 3 updated pods are available
          daemonset-complete                     | DONE        | Complete                                 | daemon set "agent" successfully rolled out
          daemonset-on-delete                    | DONE        | Complete                                 | updateStrategy OnDelete
          """)
  void evaluate_shouldMatchKubectlRolloutStatus_forEachFixture(
      String fixture, RolloutStatus status, String reason, String messagePart) {
    var result = RolloutRule.evaluate(List.of(observation(fixture)), NOW, null);

    assertThat(result.status()).isEqualTo(status);
    assertThat(result.reason()).isEqualTo(reason);
    assertThat(result.message()).contains(messagePart);
    assertThat(result.objects())
        .singleElement()
        .extracting(ObjectRollout::status)
        .isEqualTo(status);
  }

  @Test
  void evaluate_shouldFailWithThePodsReasonsAndWarnings_whenProgressDeadlineExceeded() {
    var result =
        RolloutRule.evaluate(
            List.of(observation("deployment-progress-deadline-exceeded")), NOW, null);

    var web = result.objects().get(0);
    assertThat(web.pods())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.reason()).isEqualTo("CrashLoopBackOff");
              assertThat(p.restarts()).isEqualTo(6);
              assertThat(p.message()).contains("last exit: Error, exit code 1");
            });
    // only Warning events about this workload's pods: not the Normal one, not another app's pod
    assertThat(web.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo("BackOff");
              assertThat(e.count()).isEqualTo(31);
              assertThat(e.object()).isEqualTo("Pod/web-7d9f8b6c5-x2x7q");
            });
    assertThat(result.message())
        .contains("Recent warnings: Pod/web-7d9f8b6c5-x2x7q BackOff (x31)")
        .doesNotContain("not this workload");
  }

  @Test
  void evaluate_shouldFailAtTheDeadline_whenPodsCrashLoopForever() {
    var crashloop = observation("deployment-crashloop");
    var deadline = Instant.parse("2026-11-27T09:10:00Z");

    var before = RolloutRule.evaluate(List.of(crashloop), deadline.minusSeconds(1), deadline);
    var at = RolloutRule.evaluate(List.of(crashloop), deadline, deadline);

    assertThat(before.status()).isEqualTo(RolloutStatus.IN_PROGRESS);
    assertThat(at.status()).isEqualTo(RolloutStatus.FAILED);
    assertThat(at.reason()).isEqualTo("Slipway.Deploy.ProgressDeadlineExceeded");
    assertThat(at.message())
        .contains("not rolled out by the deadline 2026-11-27T09:10:00Z")
        .contains("CrashLoopBackOff");
  }

  @Test
  void evaluate_shouldStayDone_whenTheDeadlineHasPassedButEverythingRolledOut() {
    var result =
        RolloutRule.evaluate(
            List.of(observation("deployment-complete"), observation("statefulset-complete")),
            NOW,
            NOW.minusSeconds(60));

    assertThat(result.status()).isEqualTo(RolloutStatus.DONE);
    assertThat(result.objects()).hasSize(2);
  }

  @Test
  void evaluate_shouldReportTheWorstObject_whenOneOfSeveralFails() {
    var result =
        RolloutRule.evaluate(
            List.of(
                observation("deployment-complete"),
                observation("daemonset-updating"),
                observation("deployment-progress-deadline-exceeded")),
            NOW,
            null);

    assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
    assertThat(result.objects())
        .extracting(ObjectRollout::status)
        .containsExactly(RolloutStatus.DONE, RolloutStatus.IN_PROGRESS, RolloutStatus.FAILED);
    assertThat(result.message()).startsWith("Deployment shop/web: deployment \"web\" exceeded");
  }

  @Test
  void evaluate_shouldBeInProgress_whileAnyObjectIsStillRolling() {
    var result =
        RolloutRule.evaluate(
            List.of(observation("deployment-complete"), observation("daemonset-updating")),
            NOW,
            null);

    assertThat(result.status()).isEqualTo(RolloutStatus.IN_PROGRESS);
    assertThat(result.message())
        .isEqualTo(
            "DaemonSet shop/agent: Waiting for daemon set \"agent\" rollout to finish: 1 out of 3"
                + " new pods have been updated...");
  }

  @Test
  void evaluate_shouldFailNamingTheObject_whenAnAppliedWorkloadIsGone() {
    var ref = new ObjectRef("apps/v1", "Deployment", "shop", "web");
    var result =
        RolloutRule.evaluate(
            List.of(new WorkloadObservation(ref, null, List.of(), List.of())), NOW, null);

    assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
    assertThat(result.reason()).isEqualTo("Slipway.Deploy.ObjectMissing");
    assertThat(result.message()).contains("Deployment web no longer exists");
  }

  @Test
  void evaluate_shouldBeDone_whenThereIsNothingToWaitFor() {
    var result = RolloutRule.evaluate(List.of(), NOW, NOW);

    assertThat(result.status()).isEqualTo(RolloutStatus.DONE);
    assertThat(result.message()).contains("nothing to wait for");
  }

  @Test
  void warnings_shouldKeepTheNewestFive_newestFirst() {
    var events = new ArrayList<JsonNode>();
    for (int i = 0; i < 8; i++) {
      events.add(
          Json.mapper()
              .createObjectNode()
              .put("type", "Warning")
              .put("reason", "BackOff" + i)
              .put("message", "m")
              .put("lastTimestamp", "2026-11-27T09:0" + i + ":00Z")
              .set(
                  "involvedObject",
                  Json.mapper().createObjectNode().put("kind", "Pod").put("name", "web-abc-" + i)));
    }

    var pods = new ArrayList<JsonNode>();
    for (int i = 0; i < 8; i++) {
      var pod = Json.mapper().createObjectNode();
      pod.putObject("metadata").put("name", "web-abc-" + i);
      pods.add(pod);
    }

    var warnings = PodDiagnosis.warnings("web", pods, events);

    assertThat(warnings)
        .extracting(WarningEvent::reason)
        .containsExactly("BackOff7", "BackOff6", "BackOff5", "BackOff4", "BackOff3");
  }

  @Test
  void warnings_shouldIgnoreAnotherWorkload_whoseNameStartsWithThisOnes() {
    var events = new ArrayList<JsonNode>();
    for (var name : List.of("web-7d9f8b6c5", "web-admin", "web-admin-5c6d7")) {
      events.add(
          Json.mapper()
              .createObjectNode()
              .put("type", "Warning")
              .put("reason", "FailedCreate")
              .put("message", name)
              .set(
                  "involvedObject",
                  Json.mapper().createObjectNode().put("kind", "ReplicaSet").put("name", name)));
    }

    var warnings = PodDiagnosis.warnings("web", List.of(), events);

    assertThat(warnings).extracting(WarningEvent::message).containsExactly("web-7d9f8b6c5");
  }

  static WorkloadObservation observation(String fixture) {
    var node = fixture(fixture);
    var pods = new ArrayList<JsonNode>();
    node.path("pods").forEach(pods::add);
    var events = new ArrayList<JsonNode>();
    node.path("events").forEach(events::add);
    return new WorkloadObservation(
        ObjectRef.of(node.get("object")), node.get("object"), pods, events);
  }

  static JsonNode fixture(String name) {
    var path = "/fixtures/kubernetes/rollout/" + name + ".json";
    try (var in = RolloutRuleTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return Json.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
