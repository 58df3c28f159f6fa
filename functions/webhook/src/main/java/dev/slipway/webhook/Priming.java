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

  private final ProxyHandler handler;

  Priming(ProxyHandler handler) {
    this.handler = handler;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
    prime(handler);
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
        new BuildReport(
            dev.slipway.config.Trigger.BUILD,
            "build",
            "priming",
            null,
            "p",
            "acme/p",
            "main",
            null,
            "1",
            "0123456789abcdef0123456789abcdef01234567",
            java.util.List.of("ABC-1 priming"),
            null,
            null,
            null,
            null,
            null,
            java.util.Set.of(),
            0,
            null,
            null);
    Outcome outcome = ReleasePlanner.plan(report, config, "build", Instant.EPOCH);
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
