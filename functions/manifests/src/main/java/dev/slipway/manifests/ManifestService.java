package dev.slipway.manifests;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.FieldText;
import dev.slipway.model.ReleaseSource;
import dev.slipway.store.ArtifactErrors;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Renders an app's templates for each target cluster of a release and writes one manifest per
 * cluster to {@code artifacts/<app>/<build>/manifests/<cluster>.yaml}.
 *
 * <p>Per cluster: parse every template's YAML and substitute its parameters as scalar values
 * (strict; see {@link Parameters}), apply the environment's then the cluster's override (JSON merge
 * patches), validate every object, enforce the image rule, add Slipway's labels and annotations,
 * sort into apply order, write.
 */
public final class ManifestService {
  static final String CONTENT_TYPE = "application/yaml";

  /** Helm's install order, shortened: what others depend on goes first. */
  private static final List<String> APPLY_ORDER =
      List.of(
          "Namespace",
          "CustomResourceDefinition",
          "PriorityClass",
          "StorageClass",
          "ServiceAccount",
          "Secret",
          "ConfigMap",
          "PersistentVolume",
          "PersistentVolumeClaim",
          "ClusterRole",
          "ClusterRoleBinding",
          "Role",
          "RoleBinding",
          "Service",
          "DaemonSet",
          "Pod",
          "ReplicaSet",
          "Deployment",
          "StatefulSet",
          "HorizontalPodAutoscaler",
          "Job",
          "CronJob",
          "Ingress",
          "NetworkPolicy",
          "PodDisruptionBudget");

  /** Fields that become Kubernetes label values or parts of names: a label value's limit. */
  static final int MAX_NAME_CHARACTERS = 63;

  /** Every other release field and parameter value. */
  static final int MAX_TEXT_CHARACTERS = 1024;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final ArtifactStore store;

  public ManifestService(ArtifactStore store) {
    this.store = store;
  }

  public ManifestResult generate(ManifestRequest request) {
    validate(request);
    if (request.usesStoredManifests()) {
      return stored(request);
    }
    String prefix = request.templatesPrefix().orElse(Keys.templates(request.app()));
    TemplateSet templates = TemplateSet.load(store, prefix, request);
    var kinds = new KubernetesKinds(request.appSettings().declaredCrds());
    var images = new ImageRule(request.images().runtime(), request.images().build());
    var metadata = new ReleaseMetadata(request);

    var manifests = new ArrayList<ManifestResult.ClusterManifest>();
    for (String cluster : request.clusters()) {
      Parameters parameters = parameters(request, cluster);
      List<Yaml.Document> documents = new ArrayList<>();
      for (var template : templates.templates()) {
        documents.addAll(parameters.render(template.key(), template.text()));
      }
      if (documents.isEmpty()) {
        throw ManifestErrors.invalidTemplate(
            prefix, 0, "the templates hold no Kubernetes objects at all");
      }
      rejectDuplicates(documents);
      for (var override : templates.overridesFor(request.environment(), cluster)) {
        documents = Overrides.apply(documents, parameters.render(override.key(), override.text()));
      }
      documents.forEach(kinds::validate);
      ConfinementCheck.check(request, cluster, documents);
      images.check(cluster, documents);
      documents.forEach(d -> metadata.apply(d.object()));

      List<ObjectNode> objects =
          documents.stream()
              .sorted(Comparator.comparingInt(d -> applyRank(d.ref().kind())))
              .map(Yaml.Document::object)
              .toList();
      String key = Keys.manifest(request.app(), request.buildNum(), cluster);
      store.put(key, Yaml.write(objects).getBytes(UTF_8), CONTENT_TYPE);
      manifests.add(
          new ManifestResult.ClusterManifest(
              cluster, key, objects.stream().map(ObjectRef::of).toList()));
    }
    return new ManifestResult(
        request.app(), request.buildNum(), request.environment(), List.copyOf(manifests));
  }

  /**
   * A release of a recorded build (a rollback): the manifests stored for the build, one per cluster
   * of the environment, checked as a rendered one is (objects, confinement as configured now, the
   * image rule against the recorded images) and reused as they are, so the clusters get back
   * exactly what that build ran. Refuses the release, naming every missing key, when one is gone.
   */
  private ManifestResult stored(ManifestRequest request) {
    requireStored(
        store, request.app(), request.buildNum(), request.environment(), request.clusters());
    var found = new LinkedHashMap<String, String>();
    for (String cluster : request.clusters()) {
      found.put(
          cluster, store.get(Keys.manifest(request.app(), request.buildNum(), cluster)).text());
    }
    var kinds = new KubernetesKinds(request.appSettings().declaredCrds());
    var images = new ImageRule(request.images().runtime(), request.images().build());
    var manifests = new ArrayList<ManifestResult.ClusterManifest>();
    for (var entry : found.entrySet()) {
      String cluster = entry.getKey();
      String key = Keys.manifest(request.app(), request.buildNum(), cluster);
      List<Yaml.Document> documents = Yaml.documents(key, entry.getValue());
      if (documents.isEmpty()) {
        throw ManifestErrors.manifestsMissing(
            request.app(), request.buildNum(), request.environment(), List.of(key + " (empty)"));
      }
      documents.forEach(kinds::validate);
      ConfinementCheck.check(request, cluster, documents);
      images.check(cluster, documents);
      manifests.add(
          new ManifestResult.ClusterManifest(
              cluster, key, documents.stream().map(Yaml.Document::ref).toList()));
    }
    return new ManifestResult(
        request.app(), request.buildNum(), request.environment(), List.copyOf(manifests));
  }

  /**
   * Refuses a release of a recorded build (a rollback) when the manifest stored for the build is
   * gone for any of {@code clusters}: {@value ManifestErrors#MANIFESTS_MISSING} naming every
   * missing key and what to do. The manifests step runs it, and {@code slipway rollback} before it
   * starts anything.
   */
  public static void requireStored(
      ArtifactStore store, String app, String build, String environment, List<String> clusters) {
    var missing = new ArrayList<String>();
    for (String cluster : clusters) {
      String key = Keys.manifest(app, build, cluster);
      if (store.find(key).isEmpty()) {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      throw ManifestErrors.manifestsMissing(app, build, environment, missing);
    }
  }

  private static int applyRank(String kind) {
    int rank = APPLY_ORDER.indexOf(kind);
    return rank < 0 ? APPLY_ORDER.size() : rank;
  }

  /** The built-in parameters, then the app's own. */
  static Parameters parameters(ManifestRequest request, String cluster) {
    var values = new LinkedHashMap<String, String>();
    var unset = new HashMap<String, String>();
    BiPut put =
        (name, value, why) -> {
          if (value == null || value.isBlank()) {
            unset.put(name, why);
          } else {
            values.put(name, value);
          }
        };
    put.put("app", request.app(), "no app");
    put.put("component", request.component(), "the release has no component");
    put.put("environment", request.environment(), "no environment");
    put.put("cluster", cluster, "no cluster");
    put.put("build", request.buildNum(), "no build_num");
    put.put("build_num", request.buildNum(), "no build_num");
    put.put("commit", request.commit(), "no commit");
    put.put("git_repo", request.gitRepo(), "the release has no git_repo");
    put.put("git_branch", request.gitBranch(), "the release has no git_branch");
    put.put("ticket", request.ticket(), "the release has no ticket");
    put.put("image", request.images().runtime(), "no runtime image");
    for (var entry : request.appSettings().appParameters().entrySet()) {
      if (values.containsKey(entry.getKey()) || unset.containsKey(entry.getKey())) {
        throw ManifestErrors.invalidRequest(
            "settings.parameters." + entry.getKey() + " would shadow a built-in parameter");
      }
      put.put(entry.getKey(), entry.getValue(), "settings.parameters gives it no value");
    }
    return new Parameters(values, unset);
  }

  @FunctionalInterface
  private interface BiPut {
    void put(String name, String value, String why);
  }

  private static void rejectDuplicates(List<Yaml.Document> documents) {
    var seen = new HashMap<String, Yaml.Document>();
    for (Yaml.Document document : documents) {
      ObjectRef ref = document.ref();
      if (ref.kind() == null || ref.name() == null) {
        continue; // validation names what is missing
      }
      String id =
          ref.kind() + "/" + Optional.ofNullable(ref.namespace()).orElse("") + "/" + ref.name();
      Yaml.Document first = seen.putIfAbsent(id, document);
      if (first != null) {
        throw ManifestErrors.invalidTemplate(
            document.file(),
            document.line(),
            ref.display()
                + " is defined twice (first at "
                + first.file()
                + ":"
                + first.line()
                + "); each object may appear once per cluster");
      }
    }
  }

  private static void validate(ManifestRequest request) {
    var missing = new ArrayList<String>();
    if (blank(request.app())) {
      missing.add("app");
    }
    if (blank(request.buildNum())) {
      missing.add("build_num");
    }
    if (blank(request.commit())) {
      missing.add("commit");
    }
    if (request.images() == null || blank(request.images().runtime())) {
      missing.add("images.runtime");
    }
    if (blank(request.environment())) {
      missing.add("environment");
    }
    if (request.clusters() == null || request.clusters().isEmpty()) {
      missing.add("clusters");
    }
    if (!missing.isEmpty()) {
      throw ManifestErrors.invalidRequest("missing " + String.join(", ", missing));
    }
    var names = new LinkedHashMap<String, String>();
    names.put("app", request.app());
    names.put("build_num", request.buildNum());
    names.put("environment", request.environment());
    for (int i = 0; i < request.clusters().size(); i++) {
      names.put("clusters[" + i + "]", request.clusters().get(i));
    }
    var texts = new LinkedHashMap<String, String>();
    texts.put("commit", request.commit());
    texts.put("ticket", request.ticket());
    texts.put("git_repo", request.gitRepo());
    texts.put("git_branch", request.gitBranch());
    texts.put("component", request.component());
    texts.put("images.runtime", request.images().runtime());
    texts.put("images.build", request.images().build());
    texts.put("execution_arn", request.executionArn());
    int index = 0;
    for (var parameter : request.appSettings().appParameters().entrySet()) {
      String name = parameter.getKey();
      String where = "settings.parameters (name #" + ++index + ")";
      checkText(where, name, MAX_NAME_CHARACTERS);
      texts.put("settings.parameters." + name, parameter.getValue());
    }
    names.forEach((field, value) -> checkText(field, value, MAX_NAME_CHARACTERS));
    texts.forEach((field, value) -> checkText(field, value, MAX_TEXT_CHARACTERS));
    names.forEach(
        (field, value) -> {
          if (value == null || !NAME.matcher(value).matches()) {
            throw ManifestErrors.invalidRequest(
                field
                    + " must be letters, digits, '.', '_' and '-', starting with a letter or digit;"
                    + " it is not");
          }
        });
    if (request.manifests() != null
        && !request.usesStoredManifests()
        && !ReleaseSource.RENDER.equals(request.manifests())) {
      throw ManifestErrors.invalidRequest("manifests must be 'stored' or 'render'; it is not");
    }
    if (request.clusters().stream().distinct().count() != request.clusters().size()) {
      throw ManifestErrors.invalidRequest("clusters " + request.clusters() + " repeats a cluster");
    }
    if (request.images().runtime().equals(request.images().build())) {
      throw ManifestErrors.imageMismatch(
          "the release names the same image as runtime and build image ("
              + request.images().runtime()
              + "). The build must publish a separate runtime image without build tools.");
    }
  }

  /**
   * Refuses a field that is not one line of plain text ({@link FieldText}) or is longer than {@code
   * max}; the error names the field and the first offending character, never the value.
   */
  private static void checkText(String field, String value, int max) {
    FieldText.problem(value)
        .ifPresent(
            problem -> {
              throw ManifestErrors.invalidField(field, problem);
            });
    if (value != null && value.length() > max) {
      throw ManifestErrors.invalidField(
          field, "is " + value.length() + " characters long; at most " + max + " are allowed");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** The template files of one app, read once for all clusters. */
  record TemplateSet(
      List<TemplateFile> templates,
      Map<String, TemplateFile> envOverrides,
      Map<String, TemplateFile> clusterOverrides) {

    record TemplateFile(String key, String text) {}

    static TemplateSet load(ArtifactStore store, String prefix, ManifestRequest request) {
      var templates = new ArrayList<TemplateFile>();
      var env = new HashMap<String, TemplateFile>();
      var clusters = new HashMap<String, TemplateFile>();
      for (String key : store.list(prefix)) {
        String relative = key.substring(prefix.length());
        if (!isYaml(relative)) {
          continue; // READMEs, values files of other tools, ...
        }
        if (relative.startsWith("overrides/")) {
          String[] parts = relative.split("/");
          if (parts.length != 3 || !(parts[1].equals("env") || parts[1].equals("cluster"))) {
            throw ManifestErrors.invalidTemplate(
                key,
                0,
                "unexpected override file: overrides live in "
                    + prefix
                    + "overrides/env/<environment>.yaml and "
                    + prefix
                    + "overrides/cluster/<cluster>.yaml");
          }
          String target = parts[2].substring(0, parts[2].lastIndexOf('.'));
          boolean wanted =
              parts[1].equals("env")
                  ? target.equals(request.environment())
                  : request.clusters().contains(target);
          if (wanted) {
            (parts[1].equals("env") ? env : clusters).put(target, read(store, key));
          }
        } else {
          templates.add(read(store, key));
        }
      }
      if (templates.isEmpty()) {
        throw ArtifactErrors.notFound(
            prefix + "*.yaml",
            "The app's build uploads its Kubernetes templates there (e.g. `aws s3 sync k8s/ s3://"
                + "<bucket>/"
                + prefix
                + "`), with overrides under overrides/env/ and overrides/cluster/. See the"
                + " template format in docs/templates.md.");
      }
      return new TemplateSet(List.copyOf(templates), Map.copyOf(env), Map.copyOf(clusters));
    }

    /** The environment's override first, then the cluster's: the more specific one wins. */
    List<TemplateFile> overridesFor(String environment, String cluster) {
      var overrides = new ArrayList<TemplateFile>();
      Optional.ofNullable(envOverrides.get(environment)).ifPresent(overrides::add);
      Optional.ofNullable(clusterOverrides.get(cluster)).ifPresent(overrides::add);
      return overrides;
    }

    private static boolean isYaml(String name) {
      return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static TemplateFile read(ArtifactStore store, String key) {
      String text = store.get(key).text();
      return new TemplateFile(key, text.startsWith("\uFEFF") ? text.substring(1) : text);
    }
  }
}
