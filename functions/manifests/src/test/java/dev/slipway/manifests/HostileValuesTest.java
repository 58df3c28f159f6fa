package dev.slipway.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.FieldText;
import dev.slipway.model.Json;
import dev.slipway.model.SlipwayException;
import dev.slipway.store.InMemoryArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Property: no value a caller sends changes what a release renders. Thousands of generated hostile
 * strings ({@link HostileStrings}) go through every release field into every demo template (the
 * shop fixture and the demo's checkout app), each beside a probe template that references every
 * parameter in every kind of scalar (plain, quoted, block, flow, key, mixed with text). Each
 * release is either refused with {@code Slipway.Manifest.InvalidRequest} — exactly when the value
 * holds a character no release field may hold or is too long or is no name where a name belongs —
 * or renders exactly the objects (kind, namespace, name per cluster) the clean release renders,
 * with the value verbatim wherever it is referenced. A second property drops the field check and
 * feeds every parameter any value, line breaks included, straight into the substitution, and reads
 * the written manifest back.
 */
class HostileValuesTest {
  private static final long SEED = 13_2026L;
  private static final int VALUES_PER_FIELD = 80;
  private static final int VALUES_PER_PARAMETER = 80;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final String YAML_LINE_BREAKS = "\n\r\u0085\u2028\u2029";
  private static final String PROBE = "slipway-probe";

  /** A demo app: its committed templates plus the probe, and a clean release of it. */
  private record DemoApp(String name, Path templates, String namespace, ManifestRequest release) {
    String prefix() {
      return "templates/" + name + "/";
    }
  }

  /**
   * One release field: how to set it, which parameters it feeds, which annotation shows it, and
   * whether it must be a name.
   */
  private record Field(
      String name,
      BiFunction<ManifestRequest, String, ManifestRequest> set,
      List<String> parameters,
      String annotation,
      boolean isName) {
    int max() {
      return isName ? ManifestService.MAX_NAME_CHARACTERS : ManifestService.MAX_TEXT_CHARACTERS;
    }
  }

  private int rendered;
  private int refused;
  private int refusedNamespace;
  private int refusedImage;

  @Test
  void everyFieldIntoEveryDemoTemplate_isRefusedOrRendersTheCleanObjects() {
    var values = new HostileStrings(SEED);
    int cases = 0;
    for (DemoApp app : apps()) {
      var store = new InMemoryArtifactStore();
      upload(store, app);
      var service = new ManifestService(store);
      Set<String> clean = objects(store, service.generate(app.release()).manifests().get(0));
      for (Field field : fields(app)) {
        for (int i = 0; i < VALUES_PER_FIELD; i++) {
          String value = values.next();
          check(store, service, app, field, value, clean);
          cases++;
        }
      }
    }
    System.out.printf(
        "HostileValuesTest: %d hostile values through every release field: %d rendered the clean"
            + " objects with the value verbatim, %d refused with %s, %d refused with %s or %s (a"
            + " namespace that is no DNS label, or another than the cluster's), %d refused with %s (a runtime image that"
            + " spells a number)%n",
        cases,
        rendered,
        refused,
        ManifestErrors.INVALID_REQUEST,
        refusedNamespace,
        ManifestErrors.INVALID_OBJECT,
        ManifestErrors.FORBIDDEN,
        refusedImage,
        ManifestErrors.IMAGE_MISMATCH);
    assertThat(rendered).as("values that render").isGreaterThan(cases / 5);
    assertThat(refused).as("values that are refused").isGreaterThan(cases / 5);
  }

  @Test
  void everyParameterIntoEveryDemoTemplate_withoutTheFieldCheck_rendersTheCleanObjects() {
    var generator = new HostileStrings(SEED + 1);
    int cases = 0;
    int refusable = 0;
    for (DemoApp app : apps()) {
      var store = new InMemoryArtifactStore();
      upload(store, app);
      var templates = ManifestService.TemplateSet.load(store, app.prefix(), app.release());
      String cluster = app.release().clusters().get(0);
      Map<String, String> cleanValues = cleanValues(app.release(), cluster);
      Set<String> clean =
          refs(render(templates, app.release(), cluster, new Parameters(cleanValues, Map.of())));
      for (String parameter : cleanValues.keySet()) {
        for (int i = 0; i < VALUES_PER_PARAMETER; i++) {
          String value = generator.next();
          var values = new HashMap<>(cleanValues);
          values.put(parameter, value);
          // build and build_num are one field: the release's build_num
          if (parameter.startsWith("build")) {
            values.put("build", value);
            values.put("build_num", value);
          }
          List<Yaml.Document> documents =
              render(templates, app.release(), cluster, new Parameters(values, Map.of()));
          Set<String> expected = expected(clean, parameter.equals("namespace") ? value : null);
          assertThat(refs(documents)).as(describe(parameter, value)).isEqualTo(expected);
          assertProbe(documents, values, describe(parameter, value));

          // What the deploy reads: the manifest as written, parsed again. The objects are always
          // the same; the values are verbatim when the field check lets them through (the writer
          // cannot keep every refused character: a lone surrogate is no Unicode text, and a
          // multi-line block turns CR and NEL into line feeds).
          List<ObjectNode> objects = documents.stream().map(Yaml.Document::object).toList();
          List<Yaml.Document> readBack = Yaml.documents("written", Yaml.write(objects));
          if (FieldText.isSafe(value)) {
            assertThat(refs(readBack)).as(describe(parameter, value)).isEqualTo(expected);
            assertProbe(readBack, values, describe(parameter, value));
          } else {
            assertThat(kindsAndNames(readBack))
                .as(describe(parameter, value))
                .isEqualTo(kindsAndNames(documents));
          }
          cases++;
          refusable += FieldText.problem(value).isPresent() ? 1 : 0;
        }
      }
    }
    System.out.printf(
        "HostileValuesTest: %d hostile values substituted without the field check (%d of them"
            + " holding characters the field check refuses): every one rendered the clean objects"
            + " with the value verbatim; after writing and reading the manifest back, the same objects"
            + " (and the same values, for those the field check lets through)%n",
        cases, refusable);
    assertThat(refusable).isGreaterThan(cases / 5);
  }

  private void check(
      InMemoryArtifactStore store,
      ManifestService service,
      DemoApp app,
      Field field,
      String value,
      Set<String> clean) {
    ManifestRequest request = field.set().apply(app.release(), value);
    String what = describe(field.name(), value);
    boolean mayNotHold =
        FieldText.problem(value).isPresent()
            || value.length() > field.max()
            || (field.isName() && !NAME.matcher(value).matches());
    boolean badNamespace =
        field.parameters().contains("namespace") && !NAMESPACE.matcher(value).matches();
    ManifestResult result;
    try {
      result = service.generate(request);
    } catch (SlipwayException e) {
      if (e.errorName().equals(ManifestErrors.INVALID_REQUEST)) {
        assertThat(mayNotHold).as("refused: " + what + ": " + e.getMessage()).isTrue();
        assertThat(e.getMessage()).as(what).contains(field.name());
        if (value.length() >= 12) {
          assertThat(e.getMessage()).as("the error quotes " + what).doesNotContain(value);
        }
        refused++;
        return;
      }
      if (e.errorName().equals(ManifestErrors.INVALID_OBJECT) && badNamespace && !mayNotHold) {
        refusedNamespace++;
        return;
      }
      // a valid namespace other than the cluster's is outside the app's confinement
      if (e.errorName().equals(ManifestErrors.FORBIDDEN)
          && field.parameters().contains("namespace")
          && !badNamespace
          && !mayNotHold) {
        refusedNamespace++;
        return;
      }
      // image: ${image} with a runtime image that spells a number is a number: no container runs
      // the runtime image then
      if (e.errorName().equals(ManifestErrors.IMAGE_MISMATCH)
          && field.name().equals("images.runtime")
          && typed(value)
          && !mayNotHold) {
        refusedImage++;
        return;
      }
      throw new AssertionError("unexpected error for " + what, e);
    }
    assertThat(mayNotHold).as("rendered although the field may not hold it: " + what).isFalse();
    assertThat(value.chars().anyMatch(c -> YAML_LINE_BREAKS.indexOf(c) >= 0))
        .as("rendered a value with a YAML line break: " + what)
        .isFalse();
    assertThat(badNamespace).as("rendered an invalid namespace: " + what).isFalse();
    Set<String> expected = expected(clean, field.parameters().contains("namespace") ? value : null);
    for (var manifest : result.manifests()) {
      assertThat(objects(store, manifest)).as(what).isEqualTo(expected);
      List<Yaml.Document> documents =
          Yaml.documents(manifest.key(), store.get(manifest.key()).text());
      assertProbe(documents, cleanValues(request, manifest.cluster()), what);
      JsonNode probe = probe(documents);
      if (field.annotation() != null) {
        assertThat(probe.at("/metadata/annotations").path(field.annotation()).asText())
            .as(what)
            .isEqualTo(value);
      }
    }
    rendered++;
  }

  // ---- the demo apps and their fields

  private static List<DemoApp> apps() {
    ManifestRequest shop = Fixtures.release();
    ManifestRequest checkout = read("demo/releases/healthy.json");
    checkout =
        copy(
            checkout,
            Map.of(
                "clusters",
                List.of("core-1", "edge-1"),
                "execution_arn",
                "arn:aws:states:eu-west-1:1:execution:slipway-release:checkout-101",
                "settings",
                new ManifestRequest.AppSettings(
                    null,
                    null,
                    Map.of("tier", "web"),
                    Map.of("core-1", "checkout", "edge-1", "checkout"),
                    null)));
    return List.of(
        new DemoApp("shop", Fixtures.events("manifests/templates/shop"), "${namespace}", shop),
        new DemoApp("checkout", Fixtures.events("demo/templates/checkout"), "checkout", checkout));
  }

  private static List<Field> fields(DemoApp app) {
    var fields = new ArrayList<Field>();
    fields.add(name("app", "app", List.of("app")));
    fields.add(name("build_num", "build_num", List.of("build", "build_num")));
    fields.add(name("environment", "environment", List.of("environment")));
    fields.add(
        new Field(
            "clusters",
            (r, v) ->
                copy(
                    r,
                    Map.of(
                        "clusters",
                        List.of(v),
                        "settings",
                        settings(
                            r.appSettings(),
                            r.appSettings().appParameters(),
                            Map.of(v, r.appSettings().clusterNamespace(r.clusters().get(0)))))),
            List.of("cluster"),
            null,
            true));
    fields.add(text("commit", List.of("commit"), "slipway.dev/commit"));
    fields.add(text("ticket", List.of("ticket"), "slipway.dev/ticket"));
    fields.add(text("git_repo", List.of("git_repo"), "slipway.dev/git-repo"));
    fields.add(text("git_branch", List.of("git_branch"), "slipway.dev/git-branch"));
    fields.add(text("component", List.of("component"), null));
    fields.add(text("execution_arn", List.of(), "slipway.dev/execution-arn"));
    fields.add(
        new Field(
            "images.runtime",
            (r, v) -> copy(r, Map.of("images", new ManifestRequest.Images(v, r.images().build()))),
            List.of("image"),
            null,
            false));
    fields.add(
        new Field(
            "images.build",
            (r, v) ->
                copy(r, Map.of("images", new ManifestRequest.Images(r.images().runtime(), v))),
            List.of(),
            null,
            false));
    for (String parameter : app.release().appSettings().appParameters().keySet()) {
      fields.add(
          new Field(
              "settings.parameters." + parameter,
              (r, v) -> {
                var parameters = new LinkedHashMap<>(r.appSettings().appParameters());
                parameters.put(parameter, v);
                return copy(
                    r,
                    Map.of(
                        "settings",
                        settings(r.appSettings(), parameters, r.appSettings().namespaces())));
              },
              List.of(parameter),
              null,
              false));
    }
    return fields;
  }

  /** The settings with other parameters and cluster namespaces, the confinement kept. */
  private static ManifestRequest.AppSettings settings(
      ManifestRequest.AppSettings settings,
      Map<String, String> parameters,
      Map<String, String> namespaces) {
    return new ManifestRequest.AppSettings(
        settings.progressDeadlineSeconds(),
        settings.crds(),
        parameters,
        namespaces,
        settings.confinement());
  }

  private static Field name(String field, String json, List<String> parameters) {
    return new Field(field, (r, v) -> copy(r, Map.of(json, v)), parameters, null, true);
  }

  private static Field text(String field, List<String> parameters, String annotation) {
    return new Field(field, (r, v) -> copy(r, Map.of(field, v)), parameters, annotation, false);
  }

  /** The release with some JSON fields replaced (and its templates at the fixed prefix). */
  private static ManifestRequest copy(ManifestRequest release, Map<String, Object> fields) {
    ObjectNode json = Json.mapper().valueToTree(release);
    fields.forEach((name, value) -> json.set(name, Json.mapper().valueToTree(value)));
    json.put("templates", "templates/" + release.app().replaceAll("[^a-z]", "") + "/");
    try {
      return Json.mapper().treeToValue(json, ManifestRequest.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ManifestRequest read(String event) {
    try {
      ObjectNode json = (ObjectNode) Json.mapper().readTree(Fixtures.events(event).toFile());
      json.retain(
          "app",
          "git_repo",
          "git_branch",
          "build_num",
          "commit",
          "ticket",
          "component",
          "images",
          "environment",
          "clusters",
          "execution_arn",
          "settings");
      return Json.mapper().treeToValue(json, ManifestRequest.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parameters a release gives one cluster, as the template format documents them. */
  private static Map<String, String> cleanValues(ManifestRequest release, String cluster) {
    var values = new LinkedHashMap<String, String>();
    values.put("app", release.app());
    values.put("component", release.component());
    values.put("environment", release.environment());
    values.put("cluster", cluster);
    values.put("build", release.buildNum());
    values.put("build_num", release.buildNum());
    values.put("commit", release.commit());
    values.put("git_repo", release.gitRepo());
    values.put("git_branch", release.gitBranch());
    values.put("ticket", release.ticket());
    values.put("image", release.images().runtime());
    values.putAll(release.appSettings().appParameters());
    return values;
  }

  // ---- templates: the committed ones plus the probe

  private static void upload(InMemoryArtifactStore store, DemoApp app) {
    try (Stream<Path> files = Files.walk(app.templates())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String relative = app.templates().relativize(file).toString().replace('\\', '/');
        store.put(app.prefix() + relative, Files.readAllBytes(file), "application/yaml");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Fixtures.put(
        store,
        app.prefix() + "zz-probe.yaml",
        probeTemplate(app.namespace(), cleanValues(app.release(), "core-1").keySet()));
  }

  /** A ConfigMap that references every parameter in every kind of scalar. */
  private static String probeTemplate(String namespace, Iterable<String> parameters) {
    var text = new StringBuilder();
    text.append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ")
        .append(PROBE)
        .append("\n  namespace: ")
        .append(namespace)
        .append("\ndata:\n");
    for (String p : parameters) {
      String ref = "${" + p + "}";
      text.append("  ").append(p).append(".plain: ").append(ref).append('\n');
      text.append("  ").append(p).append(".double: \"").append(ref).append("\"\n");
      text.append("  ").append(p).append(".single: '").append(ref).append("'\n");
      text.append("  ").append(p).append(".mixed: <").append(ref).append("> ").append(ref);
      text.append('\n');
      text.append("  ").append(p).append(".block: |\n    ").append(ref).append('\n');
      text.append("  ").append(p).append(".folded: >-\n    x ").append(ref).append('\n');
      text.append("  ").append(p).append(".flow: [").append(ref).append(", {v: \"");
      text.append(ref).append("\"}]\n");
      text.append("  ").append(p).append(".key: {").append(ref).append(": key}\n");
      text.append("  ").append(p).append(".escaped: $").append(ref).append('\n');
    }
    return text.toString();
  }

  private static void assertProbe(
      List<Yaml.Document> documents, Map<String, String> values, String what) {
    JsonNode data = probe(documents).path("data");
    for (var entry : values.entrySet()) {
      String p = entry.getKey();
      String v = entry.getValue();
      String at = what + ", " + p;
      assertValue(data.path(p + ".plain"), v, at + ".plain");
      assertThat(data.path(p + ".double").textValue()).as(at).isEqualTo(v);
      assertThat(data.path(p + ".single").textValue()).as(at).isEqualTo(v);
      assertThat(data.path(p + ".mixed").textValue()).as(at).isEqualTo("<" + v + "> " + v);
      assertThat(data.path(p + ".block").textValue()).as(at).isEqualTo(v + "\n");
      assertThat(data.path(p + ".folded").textValue()).as(at).isEqualTo("x " + v);
      assertThat(data.path(p + ".flow")).as(at).hasSize(2);
      assertValue(data.path(p + ".flow").path(0), v, at + ".flow");
      assertThat(data.path(p + ".flow").path(1).path("v").textValue()).as(at).isEqualTo(v);
      assertThat(data.path(p + ".key").properties()).as(at).hasSize(1);
      assertThat(data.path(p + ".key").path(v).textValue()).as(at).isEqualTo("key");
      assertThat(data.path(p + ".escaped").textValue()).as(at).isEqualTo("${" + p + "}");
    }
  }

  /** A plain reference: the value as a string, or as the number or boolean it spells. */
  private static void assertValue(JsonNode node, String value, String what) {
    if (!typed(value)) {
      assertThat(node.textValue()).as(what).isEqualTo(value);
    } else if (value.equals("true") || value.equals("false")) {
      assertThat(node.isBoolean()).as(what).isTrue();
      assertThat(node.asText()).as(what).isEqualTo(value);
    } else {
      assertThat(node.isNumber()).as(what).isTrue();
      assertThat(node.decimalValue()).as(what).isEqualByComparingTo(new BigDecimal(value));
    }
  }

  /** Whether a plain reference to the value is a number or boolean (docs/templates.md, Types). */
  private static boolean typed(String value) {
    return value.matches("true|false")
        || (value.matches("0|-?[1-9][0-9]*") && fitsLong(value))
        || (value.matches("-?(0|[1-9][0-9]*)\\.[0-9]+") && value.length() <= 32);
  }

  private static boolean fitsLong(String digits) {
    try {
      Long.parseLong(digits);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static JsonNode probe(List<Yaml.Document> documents) {
    return documents.stream()
        .map(Yaml.Document::object)
        .filter(o -> o.path("metadata").path("name").asText().equals(PROBE))
        .findFirst()
        .orElseGet(() -> fail("no probe object"));
  }

  // ---- object sets

  /** The templates and the release's overrides, rendered as the service does before validation. */
  private static List<Yaml.Document> render(
      ManifestService.TemplateSet templates,
      ManifestRequest release,
      String cluster,
      Parameters parameters) {
    List<Yaml.Document> documents = new ArrayList<>();
    for (var template : templates.templates()) {
      documents.addAll(parameters.render(template.key(), template.text()));
    }
    for (var override : templates.overridesFor(release.environment(), cluster)) {
      documents = Overrides.apply(documents, parameters.render(override.key(), override.text()));
    }
    return documents;
  }

  private static Set<String> objects(
      InMemoryArtifactStore store, ManifestResult.ClusterManifest manifest) {
    Set<String> written = refs(Yaml.documents(manifest.key(), store.get(manifest.key()).text()));
    Set<String> listed =
        manifest.objects().stream()
            .map(ref -> ref.kind() + "/" + ref.namespace() + "/" + ref.name())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(listed).isEqualTo(written);
    return written;
  }

  private static Set<String> refs(List<Yaml.Document> documents) {
    return documents.stream()
        .map(Yaml.Document::ref)
        .map(ref -> ref.kind() + "/" + ref.namespace() + "/" + ref.name())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> kindsAndNames(List<Yaml.Document> documents) {
    return documents.stream().map(Yaml.Document::ref).map(r -> r.kind() + "/" + r.name()).toList();
  }

  /** The clean object set; with a namespace parameter, every object moves to that namespace. */
  private static Set<String> expected(Set<String> clean, String namespace) {
    if (namespace == null) {
      return clean;
    }
    return clean.stream()
        .map(ref -> ref.split("/", 3))
        .map(part -> part[0] + "/" + namespace + "/" + part[2])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String describe(String field, String value) {
    String shown = value.length() > 60 ? value.substring(0, 60) + "…" : value;
    return field + " = " + Json.mapper().valueToTree(shown) + " (" + value.length() + " chars)";
  }
}
