package dev.slipway.local.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * fabric8's CRUD dispatcher plus a shim that accepts server-side apply ({@code PATCH
 * application/apply-patch+yaml}), plus {@link Faults} checked before every request.
 *
 * <p><b>This is not real server-side apply.</b> An apply is treated as <em>create-or-merge</em>:
 * the body (YAML or JSON) becomes a JSON merge patch of the stored object, or a create when there
 * is none. There is no field ownership, no conflict detection, no removal of fields a manager
 * stopped applying, and lists are replaced rather than merged by key (RFC 7386). Conflicts (409)
 * are injected with {@link Faults}. Two things of a real API server it does add: {@code
 * metadata.generation} starts at 1 and goes up by one whenever {@code spec} changes, and {@code
 * status} is not changed by an apply of the main resource. A {@code dryRun=All} apply answers with
 * the object as it would be stored, and stores nothing.
 */
final class ServerSideApplyDispatcher extends KubernetesCrudDispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private final Faults faults;

  ServerSideApplyDispatcher(Faults faults) {
    this.faults = faults;
  }

  private volatile String lastAuthorization;
  private final AtomicLong writes = new AtomicLong();

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    lastAuthorization = request.getHeader("Authorization");
    String method = String.valueOf(request.getMethod());
    if (!method.equals("GET")
        && !method.equals("HEAD")
        && !String.valueOf(request.getPath()).contains("dryRun=All")) {
      writes.incrementAndGet();
    }
    var fault = faults.match(request.getMethod(), request.getPath());
    if (fault != null) {
      return fault;
    }
    return super.dispatch(request);
  }

  String lastAuthorization() {
    return lastAuthorization;
  }

  long writes() {
    return writes.get();
  }

  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    var contentType = Objects.toString(request.getHeader("Content-Type"), "");
    if (!contentType.startsWith("application/apply-patch")) {
      return super.handlePatch(request);
    }
    var path = request.getPath();
    var plainPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    ObjectNode applied;
    try {
      applied = (ObjectNode) YAML.readTree(request.getUtf8Body());
    } catch (IOException | ClassCastException e) {
      return status(400, "BadRequest", "the apply body is not a YAML or JSON object");
    }
    var isStatus = plainPath.endsWith("/status");
    var dryRun = path.contains("dryRun=All");
    var current = super.handleGet(plainPath);
    if (current.code() == 404) {
      if (isStatus) {
        return current;
      }
      if (dryRun) {
        applied.with("metadata").put("generation", 1);
        applied.remove("status");
        return new MockResponse().setResponseCode(201).setBody(new String(json(applied)));
      }
      var collection = plainPath.substring(0, plainPath.lastIndexOf('/'));
      var metadata = applied.with("metadata");
      metadata.put("generation", 1);
      applied.remove("status");
      return super.handleCreate(
          new RecordedRequest(
              request.getHttpVersion(),
              HttpMethod.POST,
              collection,
              request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
              new Buffer(json(applied))));
    }
    var stored = read(current);
    var before = stored.deepCopy();
    if (!isStatus) {
      applied.remove("status");
    }
    var merged = (ObjectNode) mergePatch(stored, applied);
    if (!isStatus && !before.path("spec").equals(merged.path("spec"))) {
      merged
          .with("metadata")
          .put("generation", before.path("metadata").path("generation").asLong(0) + 1);
    }
    if (dryRun) {
      return new MockResponse().setResponseCode(200).setBody(new String(json(merged)));
    }
    // a PUT of the merged object: the mock's own merge patch appends to lists instead of replacing
    return super.handleUpdate(
        new RecordedRequest(
            request.getHttpVersion(),
            HttpMethod.PUT,
            plainPath,
            request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
            new Buffer(json(merged))));
  }

  /** RFC 7386 JSON merge patch. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    var out = target != null && target.isObject() ? (ObjectNode) target : JSON.createObjectNode();
    patch
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isNull()) {
                out.remove(e.getKey());
              } else {
                out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
              }
            });
    return out;
  }

  private static JsonNode read(MockResponse response) {
    try {
      return JSON.readTree(response.getBody().getBytes());
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static byte[] json(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static MockResponse status(int code, String reason, String message) {
    var body =
        JSON.createObjectNode()
            .put("kind", "Status")
            .put("apiVersion", "v1")
            .put("status", "Failure")
            .put("message", message)
            .put("reason", reason)
            .put("code", code);
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }
}
