package dev.slipway.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.Confinement;
import java.util.List;
import java.util.Objects;

/**
 * Enforces an application's {@link Confinement} on the objects of one cluster's manifest: every
 * namespaced object lands in the cluster's namespace (or one the app is allowed), cluster-scoped
 * kinds only when the app lists them, no RBAC rule with a wildcard and no binding to {@code
 * cluster-admin}, {@code admin} or {@code edit} unless the app allows them. A broken rule is {@code
 * Slipway.Manifest.Forbidden}, naming the object, the rule and the setting that would allow it.
 *
 * <p>The manifests step checks rendered templates with the scopes Slipway knows ({@link
 * #BUILT_IN}); the deploy checks the manifest it read from S3 again, with the scopes the cluster's
 * own API discovery reports, before it writes anything. docs/configuration.md#confinement.
 */
public final class ConfinementCheck {
  /** Where objects of a kind live. */
  public enum Scope {
    NAMESPACED,
    CLUSTER,
    /** Not known without the cluster: a custom resource. */
    UNKNOWN
  }

  /** The scope of a kind. */
  @FunctionalInterface
  public interface Scopes {
    Scope of(String apiVersion, String kind);
  }

  /** The scopes Slipway knows without a cluster: built-in kinds; custom resources are unknown. */
  public static final Scopes BUILT_IN = KubernetesKinds::scope;

  private static final List<String> RULE_FIELDS = List.of("apiGroups", "resources", "verbs");

  private final String app;
  private final Confinement policy;
  private final String namespace;
  private final Scopes scopes;

  /**
   * @param app the application, for the error message
   * @param policy its confinement
   * @param namespace the cluster's namespace (namespaced objects may always go there)
   * @param scopes where objects of each kind live
   */
  public ConfinementCheck(String app, Confinement policy, String namespace, Scopes scopes) {
    this.app = app;
    this.policy = policy == null ? Confinement.STRICT : policy;
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.scopes = Objects.requireNonNull(scopes, "scopes");
  }

  /** The manifests step: every rendered document for {@code cluster}, with its file and line. */
  static void check(ManifestRequest request, String cluster, List<Yaml.Document> documents) {
    var settings = request.appSettings();
    var check =
        new ConfinementCheck(
            request.app(),
            settings.confinementPolicy(),
            settings.clusterNamespace(cluster),
            BUILT_IN);
    documents.forEach(d -> check.check(d.object(), d.file() + ":" + d.line()));
  }

  /**
   * Checks one object.
   *
   * @param where where the object comes from, for the error ({@code file:line}, or the manifest key
   *     and document number)
   * @throws dev.slipway.model.TerminalStepException {@code Slipway.Manifest.Forbidden}
   */
  public void check(JsonNode object, String where) {
    String apiVersion = object.path("apiVersion").asText("");
    String kind = object.path("kind").asText("");
    String objectNamespace = object.path("metadata").path("namespace").asText("");
    String display = display(kind, objectNamespace, object.path("metadata").path("name"));
    Scope scope = scopes.of(apiVersion, kind);
    if (scope == Scope.CLUSTER) {
      if (!policy.allowedClusterKinds().contains(kind)) {
        throw ManifestErrors.forbidden(
            where,
            app,
            display,
            "is cluster-scoped, and cluster-scoped kinds reach beyond the app's namespace",
            "add " + safe(kind) + " to allowedClusterKinds");
      }
    } else if (!objectNamespace.isEmpty()
        && !objectNamespace.equals(namespace)
        && !policy.allowedNamespaces().contains(objectNamespace)) {
      throw ManifestErrors.forbidden(
          where,
          app,
          display,
          "is in namespace '"
              + safe(objectNamespace)
              + "', but this cluster's namespace is '"
              + namespace
              + "'",
          "add " + safe(objectNamespace) + " to allowedNamespaces");
    }
    switch (kind) {
      case "Role", "ClusterRole" -> rules(object, where, display);
      case "RoleBinding", "ClusterRoleBinding" -> binding(object, where, display);
      default -> {
        // no RBAC
      }
    }
  }

  private void rules(JsonNode role, String where, String display) {
    if (policy.rbacWildcards()) {
      return;
    }
    if (role.has("aggregationRule")) {
      throw ManifestErrors.forbidden(
          where,
          app,
          display,
          "has an aggregationRule, which grants whatever other ClusterRoles matching its selectors"
              + " grant (up to cluster-admin's '*')",
          "set allowRbacWildcards: true");
    }
    JsonNode rules = role.path("rules");
    for (int i = 0; i < rules.size(); i++) {
      for (String field : RULE_FIELDS) {
        for (JsonNode value : rules.get(i).path(field)) {
          if (value.asText("").contains("*")) {
            throw ManifestErrors.forbidden(
                where,
                app,
                display,
                "grants '*' in rules[" + i + "]." + field + "; list what the app needs instead",
                "set allowRbacWildcards: true");
          }
        }
      }
    }
  }

  private void binding(JsonNode binding, String where, String display) {
    if (policy.adminBindings()) {
      return;
    }
    JsonNode roleRef = binding.path("roleRef");
    String roleKind = roleRef.path("kind").asText("ClusterRole");
    String role = roleRef.path("name").asText("");
    if ("ClusterRole".equals(roleKind) && Confinement.ADMIN_ROLES.contains(role)) {
      throw ManifestErrors.forbidden(
          where,
          app,
          display,
          "binds the ClusterRole '"
              + role
              + "' (one of "
              + String.join(", ", Confinement.ADMIN_ROLES)
              + "); bind a Role that lists what the subjects need instead",
          "set allowAdminBindings: true");
    }
  }

  private static String display(String kind, String namespace, JsonNode name) {
    return safe(kind)
        + "/"
        + (namespace.isEmpty() ? "" : safe(namespace) + "/")
        + safe(name.asText(""));
  }

  /**
   * A name as it may appear in an error: the deploy reads manifests from S3 that nobody validated,
   * so anything but a Kubernetes-style name is cut short and masked.
   */
  public static String safe(String value) {
    if (value.matches("[A-Za-z0-9._-]{1,63}")) {
      return value;
    }
    String prefix = value.length() > 20 ? value.substring(0, 20) : value;
    return prefix.replaceAll("[^A-Za-z0-9._-]", "?") + (value.length() > 20 ? "..." : "");
  }
}
