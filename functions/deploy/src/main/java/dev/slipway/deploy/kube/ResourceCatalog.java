package dev.slipway.deploy.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kind to REST resource (plural name and scope): the built-in kinds Slipway deploys, the kinds of
 * CRDs seen in a manifest, and whatever API discovery found.
 */
final class ResourceCatalog {
  record Resource(String plural, boolean namespaced) {}

  private static final Map<String, Resource> BUILT_IN =
      Map.ofEntries(
          core("Namespace", "namespaces", false),
          core("ServiceAccount", "serviceaccounts", true),
          core("ConfigMap", "configmaps", true),
          core("Secret", "secrets", true),
          core("Service", "services", true),
          core("Pod", "pods", true),
          core("PersistentVolumeClaim", "persistentvolumeclaims", true),
          core("PersistentVolume", "persistentvolumes", false),
          core("Endpoints", "endpoints", true),
          core("LimitRange", "limitranges", true),
          core("ResourceQuota", "resourcequotas", true),
          core("ReplicationController", "replicationcontrollers", true),
          core("Event", "events", true),
          core("Node", "nodes", false),
          entry("apps", "Deployment", "deployments", true),
          entry("apps", "StatefulSet", "statefulsets", true),
          entry("apps", "DaemonSet", "daemonsets", true),
          entry("apps", "ReplicaSet", "replicasets", true),
          entry("batch", "Job", "jobs", true),
          entry("batch", "CronJob", "cronjobs", true),
          entry("rbac.authorization.k8s.io", "Role", "roles", true),
          entry("rbac.authorization.k8s.io", "RoleBinding", "rolebindings", true),
          entry("rbac.authorization.k8s.io", "ClusterRole", "clusterroles", false),
          entry("rbac.authorization.k8s.io", "ClusterRoleBinding", "clusterrolebindings", false),
          entry("networking.k8s.io", "Ingress", "ingresses", true),
          entry("networking.k8s.io", "IngressClass", "ingressclasses", false),
          entry("networking.k8s.io", "NetworkPolicy", "networkpolicies", true),
          entry("policy", "PodDisruptionBudget", "poddisruptionbudgets", true),
          entry("autoscaling", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
          entry(
              "apiextensions.k8s.io",
              "CustomResourceDefinition",
              "customresourcedefinitions",
              false),
          entry("storage.k8s.io", "StorageClass", "storageclasses", false),
          entry("scheduling.k8s.io", "PriorityClass", "priorityclasses", false),
          entry("events.k8s.io", "Event", "events", true),
          entry(
              "admissionregistration.k8s.io",
              "ValidatingWebhookConfiguration",
              "validatingwebhookconfigurations",
              false),
          entry(
              "admissionregistration.k8s.io",
              "MutatingWebhookConfiguration",
              "mutatingwebhookconfigurations",
              false));

  private final Map<String, Resource> learned = new ConcurrentHashMap<>();
  private final Set<String> definedByManifest = ConcurrentHashMap.newKeySet();

  Optional<Resource> find(String apiVersion, String kind) {
    var key = key(group(apiVersion), kind);
    var builtIn = BUILT_IN.get(key);
    return builtIn != null ? Optional.of(builtIn) : Optional.ofNullable(learned.get(key));
  }

  void learn(String group, String kind, String plural, boolean namespaced) {
    learned.put(key(group, kind), new Resource(plural, namespaced));
  }

  /** Learns the kind a CustomResourceDefinition object defines. */
  void learnDefinition(JsonNode crd) {
    var spec = crd.path("spec");
    var names = spec.path("names");
    if (names.hasNonNull("kind") && names.hasNonNull("plural")) {
      definedByManifest.add(key(spec.path("group").asText(), names.path("kind").asText()));
      learn(
          spec.path("group").asText(),
          names.path("kind").asText(),
          names.path("plural").asText(),
          !"Cluster".equals(spec.path("scope").asText("Namespaced")));
    }
  }

  /** Whether the kind comes from a CRD in the manifest being applied (it may not be served yet). */
  boolean definedByManifest(String apiVersion, String kind) {
    return definedByManifest.contains(key(group(apiVersion), kind));
  }

  static String group(String apiVersion) {
    var slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  private static String key(String group, String kind) {
    return group + "/" + kind;
  }

  private static Map.Entry<String, Resource> core(String kind, String plural, boolean namespaced) {
    return entry("", kind, plural, namespaced);
  }

  private static Map.Entry<String, Resource> entry(
      String group, String kind, String plural, boolean namespaced) {
    return Map.entry(key(group, kind), new Resource(plural, namespaced));
  }
}
