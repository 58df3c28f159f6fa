package dev.slipway.webhook;

import dev.slipway.config.ConfigParser;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.Json;
import dev.slipway.model.ReleaseRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart priming: before the snapshot, run the code every request runs (JSON mapping of the
 * proxy event and of the records, HMAC, the YAML parser, the planner), so that a restored container
 * answers its first request with those classes loaded and initialised. Nothing here talks to AWS: a
 * snapshot must hold no open connection and no secret.
 */
final class Priming implements Resource {
  static final String EVENT =
      """
      {"version":"2.0","rawPath":"/priming","headers":{"content-type":"application/json"},
       "requestContext":{"http":{"method":"POST"},"requestId":"priming"},
       "body":"eyJwcmltaW5nIjp0cnVlfQ==","isBase64Encoded":true}
      """;
  static final String CONFIG =
      """
      version: 1
      clusters: [{name: a, kubeconfig: {}, namespace: p}]
      applications:
        - name: p
          repo: acme/p
          releaseBranches: [main]
          images: {runtime: ghcr.io/acme/p}
          environments: [{name: dev, waves: [{name: w, clusters: [a]}]}]
      """;

  /** One small event of each kind, so their readers are loaded and run once. */
  static final String[][] SAMPLES = {
    {
      "push",
      "{\"ref\":\"refs/heads/main\",\"after\":\"0123456789abcdef0123456789abcdef01234567\","
          + "\"repository\":{\"html_url\":\"https://github.com/acme/p\"},"
          + "\"head_commit\":{\"message\":\"ABC-1 priming\"}}"
    },
    {
      "workflow_run",
      "{\"action\":\"completed\",\"workflow_run\":{\"conclusion\":\"success\",\"event\":\"push\","
          + "\"head_branch\":\"main\",\"run_number\":1,\"run_attempt\":1,"
          + "\"head_sha\":\"0123456789abcdef0123456789abcdef01234567\",\"name\":\"build\"},"
          + "\"repository\":{\"html_url\":\"https://github.com/acme/p\"}}"
    },
    {
      "jenkins",
      "{\"name\":\"p\",\"build\":{\"number\":1,\"phase\":\"COMPLETED\",\"status\":\"SUCCESS\","
          + "\"scm\":{\"url\":\"https://github.com/acme/p.git\",\"branch\":\"origin/main\","
          + "\"commit\":\"0123456789abcdef0123456789abcdef01234567\"},\"parameters\":{}}}"
    },
  };

  private final ProxyHandler handler;
  private final Runnable sdkPriming;

  /**
   * @param handler the handler whose request path to run
   * @param sdkPriming runs the SDK's request path against a loopback stand-in (see {@code
   *     SdkPriming})
   */
  Priming(ProxyHandler handler, Runnable sdkPriming) {
    this.handler = handler;
    this.sdkPriming = sdkPriming;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
    prime(handler);
    sdkPriming.run();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // SDK clients open connections lazily; nothing to refresh
  }

  /** Runs the request path once without touching AWS; returns a digest so no work is dead code. */
  static int prime(ProxyHandler handler) throws Exception {
    int digest = handler.respond(EVENT.getBytes(StandardCharsets.UTF_8)).status();
    var config = ConfigParser.parse("priming.yaml", CONFIG);
    BuildReport report =
        BuildReport.of(dev.slipway.config.Trigger.BUILD, "build", "priming")
            .app("p")
            .repo("acme/p")
            .branch("main")
            .build("1")
            .commit("0123456789abcdef0123456789abcdef01234567")
            .texts(java.util.List.of("ABC-1 priming"))
            .report();
    Outcome outcome = ReleasePlanner.plan(report, config, "build", Instant.EPOCH);
    for (String[] sample : SAMPLES) {
      var body = Json.mapper().readTree(sample[1]);
      Reading reading =
          switch (sample[0]) {
            case "jenkins" -> JenkinsEvents.read("priming", body);
            case "build" -> BuildEvents.read("priming", body);
            default -> GitHubEvents.read(sample[0], "priming", body);
          };
      if (reading instanceof BuildReport r) {
        digest += ReleasePlanner.plan(r, config, "github", Instant.EPOCH).hashCode();
      }
    }
    if (outcome instanceof Outcome.Start start) {
      String json = Json.mapper().writeValueAsString(start.release());
      digest += Json.mapper().readValue(json, ReleaseRequest.class).hashCode();
    }
    ApprovalRequest approval =
        new ApprovalRequest(
            "a",
            "p",
            "1",
            "dev",
            "deploy",
            "arn",
            "token",
            null,
            null,
            null,
            Instant.EPOCH,
            Instant.EPOCH,
            null);
    digest +=
        Json.mapper()
            .readValue(Json.mapper().writeValueAsBytes(approval), ApprovalRequest.class)
            .hashCode();
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    digest += Hmac.verify(Hmac.header("priming", body), "priming", body) ? 1 : 0;
    return digest;
  }
}
