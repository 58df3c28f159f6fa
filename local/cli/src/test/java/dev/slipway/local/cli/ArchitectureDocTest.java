package dev.slipway.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * docs/architecture.md against the poms: the module table lists exactly the reactor's modules, each
 * with the Slipway modules its pom depends on and the Lambda jars it ends up in; and the graph
 * keeps the rules that page states (no function module depends on a local one, nothing goes around
 * a port).
 */
class ArchitectureDocTest {
  static final Path ROOT = Path.of("../..");
  static final Path DOC = ROOT.resolve("docs/architecture.md");

  /** One reactor module: its folder, artifactId, Slipway dependencies outside test scope. */
  record Module(String path, String artifactId, List<String> dependencies, boolean shaded) {
    String name() {
      return Path.of(path).getFileName().toString();
    }

    boolean function() {
      return path.startsWith("functions/");
    }
  }

  /** One row of the doc's table. */
  record Row(String path, Set<String> dependsOn, Set<String> lambdaJars) {}

  @Test
  void theTableListsEveryModuleOfThePoms() throws Exception {
    assertThat(rows().keySet()).containsExactlyInAnyOrderElementsOf(modules().keySet());
  }

  @Test
  void eachRowNamesTheModulesItsPomDependsOn() throws Exception {
    var modules = modules();
    var byArtifact = byArtifactId(modules);
    for (Row row : rows().values()) {
      Module module = modules.get(row.path());
      if (module == null) {
        continue; // reported by theTableListsEveryModuleOfThePoms
      }
      var declared =
          module.dependencies().stream()
              .map(a -> byArtifact.get(a).name())
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(row.dependsOn()).as("'Depends on' of %s", row.path()).isEqualTo(declared);
    }
  }

  @Test
  void eachRowNamesTheLambdaJarsItEndsUpIn() throws Exception {
    var modules = modules();
    for (Row row : rows().values()) {
      Module module = modules.get(row.path());
      if (module == null) {
        continue;
      }
      var jars = new TreeSet<String>();
      for (Module function : modules.values()) {
        if (function.function()
            && function.shaded()
            && (function == module || closure(function, modules).contains(module))) {
          jars.add(function.name());
        }
      }
      assertThat(row.lambdaJars()).as("'In Lambda jars' of %s", row.path()).isEqualTo(jars);
    }
  }

  @Test
  void noFunctionModuleDependsOnALocalOne() throws Exception {
    var modules = modules();
    for (Module m : modules.values()) {
      if (m.function()) {
        assertThat(closure(m, modules))
            .as("%s outside test scope", m.path())
            .noneMatch(d -> d.path().startsWith("local/"));
      }
    }
  }

  @Test
  void nothingGoesAroundAPort() throws Exception {
    var modules = modules();
    Set<String> webhook = names(closure(modules.get("functions/webhook"), modules));
    assertThat(webhook).as("the webhook's jar has no AWS SDK adapter").doesNotContain("store-s3");
    assertThat(names(closure(modules.get("functions/pipeline"), modules)))
        .as("pipeline shares approvals with the webhook, not the webhook itself")
        .doesNotContain("webhook");
    assertThat(modules.get("functions/store").dependencies()).containsExactly("slipway-model");
  }

  static Set<String> names(Set<Module> modules) {
    return modules.stream().map(Module::name).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The modules {@code m} depends on, directly or not (outside test scope). */
  static Set<Module> closure(Module m, Map<String, Module> modules) {
    var byArtifact = byArtifactId(modules);
    var seen = new LinkedHashMap<String, Module>();
    var todo = new ArrayList<>(m.dependencies());
    while (!todo.isEmpty()) {
      Module d = byArtifact.get(todo.remove(todo.size() - 1));
      if (d != null && seen.putIfAbsent(d.path(), d) == null) {
        todo.addAll(d.dependencies());
      }
    }
    return Set.copyOf(seen.values());
  }

  static Map<String, Module> byArtifactId(Map<String, Module> modules) {
    return modules.values().stream().collect(Collectors.toMap(Module::artifactId, m -> m));
  }

  /** Every jar module of the reactor, by folder, read from the root pom down. */
  static Map<String, Module> modules() throws Exception {
    var out = new LinkedHashMap<String, Module>();
    collect(ROOT, "", out);
    return out;
  }

  private static void collect(Path root, String dir, Map<String, Module> out) throws Exception {
    Element pom = parse(root.resolve(dir).resolve("pom.xml"));
    if ("pom".equals(text(pom, "packaging"))) {
      for (Element m : children(child(pom, "modules"), "module")) {
        collect(root, dir.isEmpty() ? m.getTextContent() : dir + "/" + m.getTextContent(), out);
      }
      return;
    }
    var deps = new ArrayList<String>();
    for (Element d : children(child(pom, "dependencies"), "dependency")) {
      if ("dev.slipway".equals(text(d, "groupId"))
          && !"test".equals(text(d, "scope"))
          && !"test-jar".equals(text(d, "type"))) {
        deps.add(text(d, "artifactId"));
      }
    }
    Element build = child(pom, "build");
    boolean shaded =
        children(child(build, "plugins"), "plugin").stream()
            .anyMatch(p -> "maven-shade-plugin".equals(text(p, "artifactId")));
    out.put(dir, new Module(dir, text(pom, "artifactId"), deps, shaded));
  }

  /** The rows of the doc's module table: {@code | `path` | role | what | deps | jars |}. */
  static Map<String, Row> rows() throws IOException {
    var rows = new LinkedHashMap<String, Row>();
    for (String line : Files.readAllLines(DOC)) {
      if (line.startsWith("| `")) {
        String[] cells = line.split("\\|");
        assertThat(cells).as("a row has five columns: %s", line).hasSizeGreaterThanOrEqualTo(6);
        String path = cells[1].trim().replace("`", "");
        rows.put(path, new Row(path, list(cells[4]), list(cells[5])));
      }
    }
    return rows;
  }

  private static Set<String> list(String cell) {
    String c = cell.trim();
    return c.equals("—") || c.isEmpty()
        ? new TreeSet<>()
        : Arrays.stream(c.split(","))
            .map(String::trim)
            .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Element parse(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(pom.toFile())
        .getDocumentElement();
  }

  private static List<Element> children(Element parent, String name) {
    var out = new ArrayList<Element>();
    if (parent != null) {
      for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && e.getTagName().equals(name)) {
          out.add(e);
        }
      }
    }
    return out;
  }

  private static Element child(Element parent, String name) {
    var all = children(parent, name);
    return all.isEmpty() ? null : all.get(0);
  }

  private static String text(Element parent, String name) {
    Element c = child(parent, name);
    return c == null ? null : c.getTextContent().trim();
  }
}
