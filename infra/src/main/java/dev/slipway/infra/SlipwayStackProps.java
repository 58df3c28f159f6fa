package dev.slipway.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

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
  }

  /** A release may run for two hours at most (issue 9). */
  static final int RELEASE_TIMEOUT_SECONDS = 2 * 60 * 60;

  /**
   * CDK drops StateMachineProps.timeout for a DefinitionBody.fromFile definition (it can only add
   * TimeoutSeconds to definitions it builds), so the ASL file itself must carry the 2-hour limit;
   * the local executor then honours the same limit.
   */
  static void checkTimeout(Path definition) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(definition.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "state machine definition " + definition + " is not valid JSON: " + e.getMessage(), e);
    }
    JsonNode timeout = root == null ? null : root.get("TimeoutSeconds");
    if (timeout == null || !timeout.isInt() || timeout.asInt() != RELEASE_TIMEOUT_SECONDS) {
      throw new IllegalArgumentException(
          "state machine definition "
              + definition
              + " must declare \"TimeoutSeconds\": "
              + RELEASE_TIMEOUT_SECONDS
              + " at its top level (found "
              + timeout
              + "): a release never runs longer than 2 hours, and CDK's timeout property does not"
              + " reach a definition loaded from a file");
    }
  }

  /** The code asset of one function. */
  public Path jar(SlipwayFunction function) {
    return jars.get(function);
  }
}
