package dev.slipway.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks that a document is a Kubernetes object Slipway can apply: apiVersion, kind and
 * metadata.name present and well formed, and the kind either built in (at an apiVersion current
 * clusters serve) or a custom resource the app declares.
 */
final class KubernetesKinds {
  /** Built-in kinds and the apiVersions current clusters (1.25+) serve for them. */
  private static final Map<String, List<String>> BUILT_IN =
      Map.ofEntries(
          Map.entry("ConfigMap", List.of("v1")),
          Map.entry("Secret", List.of("v1")),
          Map.entry("Service", List.of("v1")),
          Map.entry("ServiceAccount", List.of("v1")),
          Map.entry("Namespace", List.of("v1")),
          Map.entry("PersistentVolumeClaim", List.of("v1")),
          Map.entry("PersistentVolume", List.of("v1")),
          Map.entry("Pod", List.of("v1")),
          Map.entry("LimitRange", List.of("v1")),
          Map.entry("ResourceQuota", List.of("v1")),
          Map.entry("Endpoints", List.of("v1")),
          Map.entry("Deployment", List.of("apps/v1")),
          Map.entry("StatefulSet", List.of("apps/v1")),
          Map.entry("DaemonSet", List.of("apps/v1")),
          Map.entry("ReplicaSet", List.of("apps/v1")),
          Map.entry("Job", List.of("batch/v1")),
          Map.entry("CronJob", List.of("batch/v1")),
          Map.entry("Ingress", List.of("networking.k8s.io/v1")),
          Map.entry("IngressClass", List.of("networking.k8s.io/v1")),
          Map.entry("NetworkPolicy", List.of("networking.k8s.io/v1")),
          Map.entry("PodDisruptionBudget", List.of("policy/v1")),
          Map.entry("HorizontalPodAutoscaler", List.of("autoscaling/v2", "autoscaling/v1")),
          Map.entry("Role", List.of("rbac.authorization.k8s.io/v1")),
          Map.entry("RoleBinding", List.of("rbac.authorization.k8s.io/v1")),
          Map.entry("ClusterRole", List.of("rbac.authorization.k8s.io/v1")),
          Map.entry("ClusterRoleBinding", List.of("rbac.authorization.k8s.io/v1")),
          Map.entry("PriorityClass", List.of("scheduling.k8s.io/v1")),
          Map.entry("StorageClass", List.of("storage.k8s.io/v1")),
          Map.entry("CustomResourceDefinition", List.of("apiextensions.k8s.io/v1")),
          Map.entry("ValidatingWebhookConfiguration", List.of("admissionregistration.k8s.io/v1")),
          Map.entry("MutatingWebhookConfiguration", List.of("admissionregistration.k8s.io/v1")));

  /**
   * The cluster-scoped kinds of Kubernetes (built in, or served by an aggregated API Kubernetes
   * ships), by kind alone: a custom resource that reuses one of these names is treated as
   * cluster-scoped too, which only ever asks for more permission, never less.
   */
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "Node",
          "PersistentVolume",
          "ComponentStatus",
          "ClusterRole",
          "ClusterRoleBinding",
          "CustomResourceDefinition",
          "APIService",
          "MutatingWebhookConfiguration",
          "ValidatingWebhookConfiguration",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding",
          "MutatingAdmissionPolicy",
          "MutatingAdmissionPolicyBinding",
          "PriorityClass",
          "PriorityLevelConfiguration",
          "FlowSchema",
          "StorageClass",
          "VolumeAttachment",
          "VolumeAttributesClass",
          "CSIDriver",
          "CSINode",
          "RuntimeClass",
          "IngressClass",
          "IPAddress",
          "ServiceCIDR",
          "CertificateSigningRequest",
          "ClusterTrustBundle",
          "DeviceClass",
          "PodSecurityPolicy",
          "TokenReview",
          "SubjectAccessReview",
          "SelfSubjectAccessReview",
          "SelfSubjectRulesReview",
          "SelfSubjectReview");

  /** RFC 1123 subdomain: what Kubernetes accepts as most objects' names. */
  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** RFC 1123 label: what Kubernetes accepts as a namespace. */
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private static final Pattern CRD = Pattern.compile("[a-z0-9.-]+\\.[a-z]+/[a-z0-9]+/[A-Z]\\w*");

  private final Set<String> customResources;

  /**
   * @param crds the app's custom resources, {@code <group>/<version>/<Kind>}
   */
  KubernetesKinds(List<String> crds) {
    this.customResources = new HashSet<>();
    for (String crd : crds) {
      if (!CRD.matcher(crd).matches()) {
        throw ManifestErrors.invalidRequest(
            "settings.crds entry '"
                + crd
                + "' is not <group>/<version>/<Kind> (e.g. monitoring.coreos.com/v1/ServiceMonitor)");
      }
      customResources.add(crd);
    }
  }

  void validate(Yaml.Document document) {
    JsonNode object = document.object();
    String apiVersion = text(object.get("apiVersion"));
    String kind = text(object.get("kind"));
    if (apiVersion == null) {
      fail(document, "apiVersion is missing (e.g. apiVersion: apps/v1)");
    }
    if (kind == null) {
      fail(document, "kind is missing (e.g. kind: Deployment)");
    }
    JsonNode metadata = object.get("metadata");
    if (metadata == null || !metadata.isObject()) {
      fail(document, kind + " has no metadata mapping (metadata.name is required)");
    }
    String name = text(metadata.get("name"));
    if (name == null) {
      fail(document, kind + " has no metadata.name");
    }
    if (name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
      fail(
          document,
          kind
              + " name '"
              + name
              + "' is not a valid Kubernetes name (lower-case letters, digits, '-' and '.',"
              + " starting and ending with a letter or digit, at most 253 characters)");
    }
    JsonNode namespace = metadata.get("namespace");
    if (namespace != null
        && (!namespace.isTextual() || !LABEL.matcher(namespace.asText()).matches())) {
      fail(document, kind + "/" + name + " has an invalid metadata.namespace '" + namespace + "'");
    }
    List<String> served = BUILT_IN.get(kind);
    if (served != null) {
      if (!served.contains(apiVersion)) {
        fail(
            document,
            kind
                + "/"
                + name
                + " uses apiVersion "
                + apiVersion
                + ", which current clusters do not serve for "
                + kind
                + "; use "
                + String.join(" or ", served));
      }
      return;
    }
    if (!customResources.contains(apiVersion + "/" + kind)) {
      fail(
          document,
          "kind "
              + kind
              + " ("
              + apiVersion
              + ") is neither a built-in Kubernetes kind nor a custom resource the app declares;"
              + " if it is a CRD, add '"
              + apiVersion
              + "/"
              + kind
              + "' to the app's release.crds in config/slipway.yaml");
    }
  }

  /**
   * Where objects of a kind live, as far as Slipway knows without asking a cluster: {@code CLUSTER}
   * for the cluster-scoped kinds above, {@code NAMESPACED} for the other built-in kinds at an
   * apiVersion clusters serve, {@code UNKNOWN} for everything else (custom resources: only the
   * cluster's API discovery knows, and the deploy asks it).
   */
  static ConfinementCheck.Scope scope(String apiVersion, String kind) {
    if (CLUSTER_SCOPED.contains(kind)) {
      return ConfinementCheck.Scope.CLUSTER;
    }
    List<String> served = BUILT_IN.get(kind);
    return served != null && served.contains(apiVersion)
        ? ConfinementCheck.Scope.NAMESPACED
        : ConfinementCheck.Scope.UNKNOWN;
  }

  private static String text(JsonNode node) {
    return node == null || !node.isTextual() || node.asText().isBlank() ? null : node.asText();
  }

  private static void fail(Yaml.Document document, String problem) {
    throw ManifestErrors.invalidObject(document.file(), document.line(), problem);
  }
}
