package dev.slipway.manifests;

import dev.slipway.model.TerminalStepException;
import java.util.List;

/** The named errors of manifest generation; each message says where and what to do. */
public final class ManifestErrors {
  public static final String UNKNOWN_PARAMETER = "Slipway.Manifest.UnknownParameter";
  public static final String INVALID_YAML = "Slipway.Manifest.InvalidYaml";
  public static final String INVALID_OBJECT = "Slipway.Manifest.InvalidObject";
  public static final String INVALID_TEMPLATE = "Slipway.Manifest.InvalidTemplate";
  public static final String INVALID_OVERRIDE = "Slipway.Manifest.InvalidOverride";
  public static final String IMAGE_MISMATCH = "Slipway.Manifest.ImageMismatch";
  public static final String INVALID_REQUEST = "Slipway.Manifest.InvalidRequest";

  /**
   * An object breaks the app's confinement policy (docs/configuration.md#confinement). Raised by
   * the manifests step and, for the same rules, again by the deploy before it writes anything.
   */
  public static final String FORBIDDEN = "Slipway.Manifest.Forbidden";

  /**
   * A release of a recorded build (a rollback) whose stored manifests are gone for some cluster of
   * the environment.
   */
  public static final String MANIFESTS_MISSING = "Slipway.Release.ManifestsMissing";

  /** The most missing keys a message names; the rest are counted. */
  static final int MAX_NAMED = 20;

  private ManifestErrors() {}

  static TerminalStepException manifestsMissing(
      String app, String build, String environment, List<String> missing) {
    int named = Math.min(MAX_NAMED, missing.size());
    String keys =
        String.join(", ", missing.subList(0, named))
            + (missing.size() > named ? " and " + (missing.size() - named) + " more" : "");
    return new TerminalStepException(
        MANIFESTS_MISSING,
        "build "
            + build
            + " of '"
            + app
            + "' has no stored manifest for "
            + missing.size()
            + " cluster(s) of "
            + environment
            + ": "
            + keys
            + ". A rollback puts back the manifests stored when the build was released, and these"
            + " were deleted (or the build never reached these clusters). Roll back to another"
            + " build (`slipway releases --app "
            + app
            + " --env "
            + environment
            + "` lists them), or release build "
            + build
            + " anew from its CI build, which renders the templates.");
  }

  static TerminalStepException unknownParameter(
      String file, int line, int column, String name, Iterable<String> known) {
    return new TerminalStepException(
        UNKNOWN_PARAMETER,
        at(file, line, column)
            + ": unknown template parameter '${"
            + name
            + "}'. Known parameters: "
            + String.join(", ", known)
            + ". Fix the name, add it to the app's release.parameters in config/slipway.yaml, or write $${"
            + name
            + "} for a literal '${"
            + name
            + "}'.");
  }

  static TerminalStepException unsetParameter(
      String file, int line, int column, String name, String why) {
    return new TerminalStepException(
        UNKNOWN_PARAMETER,
        at(file, line, column)
            + ": template parameter '${"
            + name
            + "}' has no value in this release: "
            + why
            + ". Send it with the build, or stop using it in the template.");
  }

  static TerminalStepException invalidYaml(
      String file, int line, int column, String problem, Throwable cause) {
    return new TerminalStepException(
        INVALID_YAML,
        at(file, line, column)
            + ": not valid YAML: "
            + problem
            + ". Check the indentation and quoting there; `yq . FILE` shows most such errors"
            + " locally (parameters are values inside scalars, so they never cause one).",
        cause);
  }

  private static String at(String file, int line, int column) {
    return file + ":" + line + ":" + column;
  }

  static TerminalStepException invalidObject(String file, int line, String problem) {
    return new TerminalStepException(
        INVALID_OBJECT,
        file
            + ":"
            + line
            + ": the document is not a Kubernetes object Slipway can deploy: "
            + problem
            + ".");
  }

  static TerminalStepException invalidTemplate(String file, int line, String problem) {
    return new TerminalStepException(
        INVALID_TEMPLATE, file + (line > 0 ? ":" + line : "") + ": " + problem + ".");
  }

  static TerminalStepException invalidOverride(String file, int line, String problem) {
    return new TerminalStepException(INVALID_OVERRIDE, file + ":" + line + ": " + problem + ".");
  }

  static TerminalStepException imageMismatch(String problem) {
    return new TerminalStepException(IMAGE_MISMATCH, problem);
  }

  /**
   * A release field holds what no release field may (a line break, a control character, ...) or is
   * too long. Names the field and the problem, never the value.
   */
  static TerminalStepException invalidField(String field, String problem) {
    return new TerminalStepException(
        INVALID_REQUEST,
        "the release field "
            + field
            + " "
            + problem
            + ". Release fields are single lines of text: Slipway refuses line and paragraph"
            + " separators, control characters, bidirectional controls, byte-order marks and"
            + " unpaired surrogates in them. The webhook builds the release from the CI build's"
            + " notification; fix what the build sends (or the execution input you started by"
            + " hand, or the app's release.parameters in config/slipway.yaml).");
  }

  static TerminalStepException forbidden(
      String where, String app, String object, String rule, String setting) {
    return new TerminalStepException(
        FORBIDDEN,
        where
            + ": "
            + object
            + " "
            + rule
            + ". Slipway confines what application '"
            + app
            + "' may write (docs/configuration.md#confinement); if the app really needs this,"
            + " "
            + setting
            + " under the app's confinement in config/slipway.yaml.");
  }

  static TerminalStepException invalidRequest(String problem) {
    return new TerminalStepException(
        INVALID_REQUEST,
        "the release input is incomplete: "
            + problem
            + ". The webhook builds it from the CI build's notification; check the build's"
            + " payload (or the execution input you started by hand).");
  }
}
