package dev.slipway.deploy.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deploy.ClusterErrors;
import dev.slipway.deploy.access.KubeConnection;
import dev.slipway.manifests.ObjectRef;
import dev.slipway.model.Json;
import dev.slipway.model.RetryableStepException;
import dev.slipway.model.SlipwayException;
import dev.slipway.model.TerminalStepException;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import io.kubernetes.client.util.exception.TokenAquisitionException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * {@link ClusterClient} over client-java's {@link io.kubernetes.client.openapi.ApiClient}: raw REST
 * calls with JSON bodies (so any kind works, CRDs included), server-side apply as {@code PATCH
 * application/apply-patch+yaml?fieldManager=slipway}, and every failure mapped to a named error.
 */
public final class KubernetesClusterClient implements ClusterClient {
  public static final String FIELD_MANAGER = "slipway";
  private static final String APPLY_PATCH = "application/apply-patch+yaml";
  private static final String JSON = "application/json";
  private static final String[] AUTH = {"BearerToken"};

  private final KubeConnection connection;
  private final ResourceCatalog catalog = new ResourceCatalog();

  public KubernetesClusterClient(KubeConnection connection) {
    this.connection = connection;
  }

  @Override
  public String cluster() {
    return connection.cluster();
  }

  @Override
  public Optional<JsonNode> get(ObjectRef ref) {
    var response = call("GET", path(ref), List.of(), null, null);
    if (response.code == 404) {
      return Optional.empty();
    }
    return Optional.of(expectOk(response, ref.toString()));
  }

  @Override
  public JsonNode apply(JsonNode object, boolean force) {
    var ref = ObjectRef.of(object);
    var query = new ArrayList<Pair>();
    query.add(new Pair("fieldManager", FIELD_MANAGER));
    query.add(new Pair("force", Boolean.toString(force)));
    var body = bytes(object);
    var response = call("PATCH", path(ref), query, body, APPLY_PATCH);
    if (response.code == 409) {
      throw conflict(ref, response.status());
    }
    if (response.code == 404 && catalog.definedByManifest(ref.apiVersion(), ref.kind())) {
      throw new RetryableStepException(
          ClusterErrors.UNAVAILABLE,
          "cluster '"
              + cluster()
              + "' does not serve "
              + ref.kind()
              + " yet: its CustomResourceDefinition was applied moments ago and is not"
              + " established. Slipway retries.");
    }
    return expectOk(response, ref.toString());
  }

  @Override
  public JsonNode dryRunApply(JsonNode object) {
    var ref = ObjectRef.of(object);
    var query = new ArrayList<Pair>();
    query.add(new Pair("fieldManager", FIELD_MANAGER));
    query.add(new Pair("force", "true"));
    query.add(new Pair("dryRun", "All"));
    return expectOk(call("PATCH", path(ref), query, bytes(object), APPLY_PATCH), ref.toString());
  }

  @Override
  public boolean delete(ObjectRef ref) {
    var body = bytes(Json.mapper().createObjectNode().put("propagationPolicy", "Foreground"));
    var response = call("DELETE", path(ref), List.of(), body, JSON);
    if (response.code == 404) {
      return false;
    }
    expectOk(response, ref.toString());
    return true;
  }

  @Override
  public List<JsonNode> list(
      String apiVersion,
      String kind,
      String namespace,
      String labelSelector,
      String fieldSelector) {
    var resource = resource(apiVersion, kind);
    var query = new ArrayList<Pair>();
    if (labelSelector != null && !labelSelector.isEmpty()) {
      query.add(new Pair("labelSelector", labelSelector));
    }
    if (fieldSelector != null && !fieldSelector.isEmpty()) {
      query.add(new Pair("fieldSelector", fieldSelector));
    }
    var path =
        prefix(apiVersion)
            + (resource.namespaced() && namespace != null ? "/namespaces/" + namespace : "")
            + "/"
            + resource.plural();
    var listed = expectOk(call("GET", path, query, null, null), kind + " list in " + namespace);
    var out = new ArrayList<JsonNode>();
    listed.path("items").forEach(out::add);
    return out;
  }

  @Override
  public boolean namespaced(String apiVersion, String kind) {
    return resource(apiVersion, kind).namespaced();
  }

  @Override
  public void learn(JsonNode customResourceDefinition) {
    catalog.learnDefinition(customResourceDefinition);
  }

  private ResourceCatalog.Resource resource(String apiVersion, String kind) {
    return catalog
        .find(apiVersion, kind)
        .or(() -> discover(apiVersion, kind))
        .orElseThrow(
            () ->
                new TerminalStepException(
                    ClusterErrors.REJECTED,
                    "cluster '"
                        + cluster()
                        + "' does not serve kind "
                        + kind
                        + " in "
                        + apiVersion
                        + ". Check the apiVersion, or install the CustomResourceDefinition first"
                        + " (or put it in the same manifest)."));
  }

  /** API discovery ({@code GET /apis/<group>/<version>}) for kinds Slipway does not know. */
  private Optional<ResourceCatalog.Resource> discover(String apiVersion, String kind) {
    var response = call("GET", prefix(apiVersion), List.of(), null, null);
    if (response.code == 404) {
      return Optional.empty();
    }
    var list = expectOk(response, "API discovery of " + apiVersion);
    for (var resource : list.path("resources")) {
      var name = resource.path("name").asText();
      if (!name.contains("/") && kind.equals(resource.path("kind").asText())) {
        catalog.learn(
            ResourceCatalog.group(apiVersion), kind, name, resource.path("namespaced").asBoolean());
        return catalog.find(apiVersion, kind);
      }
    }
    return Optional.empty();
  }

  private String path(ObjectRef ref) {
    var resource = resource(ref.apiVersion(), ref.kind());
    var ns = resource.namespaced() ? "/namespaces/" + ref.namespace() : "";
    if (resource.namespaced() && ref.namespace() == null) {
      throw new TerminalStepException(
          ClusterErrors.INVALID_MANIFEST, ref + " is namespaced but names no namespace.");
    }
    return prefix(ref.apiVersion()) + ns + "/" + resource.plural() + "/" + ref.name();
  }

  private static String prefix(String apiVersion) {
    return apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
  }

  private record Response(int code, String body) {
    JsonNode status() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        return Json.mapper().createObjectNode().put("message", body);
      }
    }
  }

  private Response call(
      String method, String path, List<Pair> query, byte[] body, String contentType) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Accept", JSON);
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    var client = connection.client();
    try {
      var call =
          client.buildCall(
              null, path, method, query, List.of(), body, headers, Map.of(), Map.of(), AUTH, null);
      try (var response = call.execute()) {
        var text = response.body() == null ? "" : response.body().string();
        return new Response(response.code(), text);
      }
    } catch (SlipwayException e) {
      throw e;
    } catch (TokenAquisitionException e) {
      // the EKS token supplier failed; its cause is already a named error
      if (e.getCause() instanceof SlipwayException named) {
        throw named;
      }
      throw new TerminalStepException(
          ClusterErrors.UNAUTHORIZED,
          "cluster '"
              + cluster()
              + "': could not make a token ("
              + e.getCause().getClass().getSimpleName()
              + "). Check the function's AWS credentials and the cluster's roleArn.");
    } catch (ApiException e) {
      throw new TerminalStepException(
          ClusterErrors.INVALID_MANIFEST, "could not build the request " + method + " " + path);
    } catch (SocketTimeoutException e) {
      throw ClusterErrors.timeout(cluster(), connection.server(), method + " " + path);
    } catch (UnknownHostException e) {
      throw ClusterErrors.unreachable(cluster(), connection.server(), "DNS: unknown host");
    } catch (ConnectException | NoRouteToHostException e) {
      throw ClusterErrors.unreachable(cluster(), connection.server(), "connection refused");
    } catch (SSLException e) {
      throw new TerminalStepException(
          ClusterErrors.UNREACHABLE,
          "TLS with the API server of cluster '"
              + cluster()
              + "' at "
              + connection.server()
              + " failed ("
              + e.getClass().getSimpleName()
              + "). Check the cluster's CA (certificate-authority-data) and server name.");
    } catch (InterruptedIOException e) {
      throw ClusterErrors.timeout(cluster(), connection.server(), method + " " + path);
    } catch (IOException e) {
      throw ClusterErrors.unreachable(
          cluster(),
          connection.server(),
          e.getClass().getSimpleName() + " on " + method + " " + path);
    }
  }

  private JsonNode expectOk(Response response, String what) {
    var code = response.code;
    if (code >= 200 && code < 300) {
      try {
        return Json.mapper().readTree(response.body);
      } catch (IOException e) {
        throw new RetryableStepException(
            ClusterErrors.UNAVAILABLE,
            "cluster '" + cluster() + "' answered " + what + " with a body that is not JSON.");
      }
    }
    var message = response.status().path("message").asText(response.body);
    if (code == 401 || code == 403) {
      throw ClusterErrors.unauthorized(cluster(), code, message);
    }
    if (code == 429 || code >= 500) {
      throw ClusterErrors.unavailable(cluster(), code, message);
    }
    if (code == 409) {
      // optimistic concurrency (someone else wrote first): trying again helps
      throw new RetryableStepException(
          ClusterErrors.CONFLICT,
          "cluster '"
              + cluster()
              + "': "
              + what
              + " changed concurrently: "
              + message
              + ". Slipway retries.");
    }
    throw ClusterErrors.rejected(cluster(), what, code, message);
  }

  /** A server-side apply conflict: which field managers own which fields. */
  private SlipwayException conflict(ObjectRef ref, JsonNode status) {
    Map<String, Set<String>> byManager = new LinkedHashMap<>();
    for (var cause : status.path("details").path("causes")) {
      if (!"FieldManagerConflict".equals(cause.path("type").asText())) {
        continue;
      }
      var message = cause.path("message").asText();
      var manager = message;
      var open = message.indexOf('"');
      var close = open < 0 ? -1 : message.indexOf('"', open + 1);
      if (open >= 0 && close > open) {
        manager = message.substring(open + 1, close);
      }
      byManager
          .computeIfAbsent(manager, k -> new LinkedHashSet<>())
          .add(cause.path("field").asText());
    }
    if (byManager.isEmpty()) {
      return new RetryableStepException(
          ClusterErrors.CONFLICT,
          "cluster '"
              + cluster()
              + "': "
              + ref
              + " changed concurrently: "
              + status.path("message").asText()
              + ". Slipway retries.");
    }
    var owners = new ArrayList<String>();
    byManager.forEach((m, fields) -> owners.add("\"" + m + "\" owns " + String.join(", ", fields)));
    return new TerminalStepException(
        ClusterErrors.CONFLICT,
        "cluster '"
            + cluster()
            + "': server-side apply of "
            + ref
            + " conflicts with another field manager: "
            + String.join("; ", owners)
            + ". Remove these fields from the manifest, or set force: true for the app to take"
            + " them over (kubectl apply --server-side --force-conflicts), or have the other"
            + " manager give them up.");
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return Json.mapper().writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }
}
