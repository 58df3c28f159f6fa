package dev.slipway.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything {@link SlipwayStack} is built from: the operator's config plus the files it deploys.
 * Asset paths are inputs (not looked up by the stack) so that tests can synthesise with a small
 * placeholder zip and a fixture state machine before the real jars and ASL exist.
 *
 * @param config the operator's configuration
 * @param definition the release state machine's ASL file ({@code statemachines/release.asl.json})
 * @param jars the code asset of each function (a shaded jar, or a zip in tests)
 * @param configDir the folder {@link InfraConfig#slipwayConfigFile()} is relative to
 */
public record SlipwayStackProps(
    InfraConfig config, Path definition, Map<SlipwayFunction, Path> jars, Path configDir) {

  public SlipwayStackProps {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(configDir, "configDir");
    jars = Map.copyOf(new EnumMap<>(jars));
    for (SlipwayFunction f : SlipwayFunction.values()) {
      if (!jars.containsKey(f)) {
        throw new IllegalArgumentException("no code asset given for function " + f.id());
      }
    }
    if (!Files.isRegularFile(definition)) {
      throw new IllegalArgumentException(
          "state machine definition "
              + definition
              + " does not exist: check out statemachines/ or pass -c slipway:definition=FILE");
    }
    checkTimeout(definition);
    checkPlaceholders(definition);
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

  /** The {@code ${Name}} placeholders of an ASL file, sorted. */
  static SortedSet<String> placeholders(Path definition) {
    String asl;
    try {
      asl = Files.readString(definition);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read state machine definition " + definition, e);
    }
    SortedSet<String> out = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(asl);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The substitution keys the stack provides: one per function the state machine invokes. */
  static SortedSet<String> substitutionKeys() {
    SortedSet<String> out = new TreeSet<>();
    for (SlipwayFunction f : SlipwayFunction.values()) {
      if (f.invokedByStateMachine()) {
        out.add(f.substitutionKey());
      }
    }
    return out;
  }

  /**
   * The definition's placeholders and the catalogue's substitutions must match both ways: an
   * unsubstituted {@code ${XFunctionArn}} fails only at deployment (an invalid ARN), and a function
   * the definition never invokes is deployed for nothing.
   */
  static void checkPlaceholders(Path definition) {
    SortedSet<String> placeholders = placeholders(definition);
    SortedSet<String> keys = substitutionKeys();
    SortedSet<String> unknown = new TreeSet<>(placeholders);
    unknown.removeAll(keys);
    SortedSet<String> unused = new TreeSet<>(keys);
    unused.removeAll(placeholders);
    if (!unknown.isEmpty() || !unused.isEmpty()) {
      throw new IllegalArgumentException(
          "state machine definition "
              + definition
              + " and the function catalogue (dev.slipway.infra.SlipwayFunction) disagree:"
              + (unknown.isEmpty() ? "" : " placeholders with no function: " + unknown + ";")
              + (unused.isEmpty() ? "" : " functions the definition never invokes: " + unused + ";")
              + " add the function to the catalogue, or fix the placeholder's name");
    }
  }

  /** Step Functions' longest execution of a Standard workflow: one year. */
  static final int MAX_TIMEOUT_SECONDS = 365 * 24 * 60 * 60;

  /**
   * The release's time budget has one knob: the definition's top-level {@code TimeoutSeconds}. CDK
   * drops StateMachineProps.timeout for a DefinitionBody.fromFile definition (it can only add
   * TimeoutSeconds to definitions it builds), so the ASL file itself must carry it; and the Plan
   * state lays out each release's worst case against it (issue 14), so its {@code
   * machineTimeoutSeconds} parameter must be the same number. The local executor honours the same
   * file.
   */
  static int checkTimeout(Path definition) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(definition.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "state machine definition " + definition + " is not valid JSON: " + e.getMessage(), e);
    }
    JsonNode timeout = root == null ? null : root.get("TimeoutSeconds");
    if (timeout == null
        || !timeout.isInt()
        || timeout.asInt() <= 0
        || timeout.asInt() > MAX_TIMEOUT_SECONDS) {
      throw new IllegalArgumentException(
          "state machine definition "
              + definition
              + " must declare a whole-number \"TimeoutSeconds\" at its top level, at most "
              + MAX_TIMEOUT_SECONDS
              + " (found "
              + timeout
              + "): it is the longest a release may run, and CDK's timeout property does not"
              + " reach a definition loaded from a file");
    }
    JsonNode plan = root.at("/States/Plan/Parameters/machineTimeoutSeconds");
    if (!plan.isInt() || plan.asInt() != timeout.asInt()) {
      throw new IllegalArgumentException(
          "state machine definition "
              + definition
              + ": the Plan state's Parameters.machineTimeoutSeconds ("
              + (plan.isMissingNode() ? "missing" : plan)
              + ") must equal the top-level TimeoutSeconds ("
              + timeout
              + "): the plan checks each release's worst case against it and closes the manual"
              + " gates in time. Change both together.");
    }
    return timeout.asInt();
  }

  /** The code asset of one function. */
  public Path jar(SlipwayFunction function) {
    return jars.get(function);
  }
}
