package dev.slipway.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks of a release's {@link ReleaseRequest.Source}: an operator's command ({@code slipway
 * rollback|promote|rerun}) writes it into the execution input, so every field is checked before
 * anything is planned. A refused source is {@value #INVALID} naming the field and why, never
 * quoting the value.
 */
public final class ReleaseSource {
  /** The error of a source that is not what the operator commands write. */
  public static final String INVALID = "Slipway.Release.InvalidSource";

  /** A rollback: the recorded build, its images and its stored manifests, put back. */
  public static final String ROLLBACK = "rollback";

  /** A promotion: the recorded build live in one environment, released to another. */
  public static final String PROMOTE = "promote";

  /** A re-run: a recorded release, run again. */
  public static final String RERUN = "rerun";

  /** Use the manifests stored for the build; refuse the release when one is missing. */
  public static final String STORED = "stored";

  /** Render the manifests from the app's templates with the recorded build's fields. */
  public static final String RENDER = "render";

  /** The longest {@code requestedBy} (an assumed-role ARN with a session name fits). */
  public static final int MAX_PRINCIPAL = 512;

  /** The longest {@code reason}. */
  public static final int MAX_REASON = 500;

  /** The longest {@code fromExecution} (an execution ARN: 80-character name, long machine name). */
  public static final int MAX_EXECUTION = 256;

  private static final Pattern EXECUTION = Pattern.compile("[A-Za-z0-9_:.+@-]+");

  private ReleaseSource() {}

  /**
   * The manifests mode of {@code source}: {@link #STORED} or {@link #RENDER}; a release of a new
   * build (no source) renders.
   */
  public static String manifests(ReleaseRequest.Source source) {
    if (source == null) {
      return RENDER;
    }
    if (source.manifests() != null) {
      return source.manifests();
    }
    return ROLLBACK.equals(source.kind()) ? STORED : RENDER;
  }

  /**
   * Checks {@code release}'s source against the release itself; nothing to check for a release of a
   * new build.
   *
   * @throws TerminalStepException {@value #INVALID} naming the field
   */
  public static void check(ReleaseRequest release) {
    problem(release)
        .ifPresent(
            why -> {
              throw new TerminalStepException(
                  INVALID,
                  "the release's "
                      + why
                      + ". The source is written by `slipway rollback`, `slipway promote` and"
                      + " `slipway rerun`: start the release with one of them rather than by hand.");
            });
  }

  /** Why {@code release}'s source is refused ("source.kind is ..."), or empty when it is fine. */
  public static Optional<String> problem(ReleaseRequest release) {
    ReleaseRequest.Source s = release.source();
    if (s == null) {
      return Optional.empty();
    }
    String kind = s.kind();
    if (kind == null || !(kind.equals(ROLLBACK) || kind.equals(PROMOTE) || kind.equals(RERUN))) {
      return Optional.of(
          "source.kind "
              + (kind == null ? "is missing" : "is not one of rollback, promote, rerun"));
    }
    Optional<String> name = nameProblem("source.fromBuild", s.fromBuild(), true);
    if (name.isPresent()) {
      return name;
    }
    if (!s.fromBuild().equals(release.buildNum())) {
      return Optional.of(
          "source.fromBuild is not the release's build_num: a "
              + kind
              + " releases the recorded build itself");
    }
    name = nameProblem("source.fromEnv", s.fromEnv(), kind.equals(PROMOTE));
    if (name.isPresent()) {
      return name;
    }
    if (kind.equals(PROMOTE) && s.fromEnv().equals(release.environment())) {
      return Optional.of("source.fromEnv is the release's own environment: promote to another one");
    }
    if (kind.equals(ROLLBACK)
        && s.fromEnv() != null
        && !s.fromEnv().equals(release.environment())) {
      return Optional.of(
          "source.fromEnv is another environment: a rollback puts back a build of its own"
              + " environment (promote it instead)");
    }
    Optional<String> text = text("source.fromExecution", s.fromExecution(), MAX_EXECUTION, false);
    if (text.isPresent()) {
      return text;
    }
    if (s.fromExecution() != null && !EXECUTION.matcher(s.fromExecution()).matches()) {
      return Optional.of(
          "source.fromExecution is not an execution name or ARN (letters, digits and _ : . + @ -)");
    }
    text = text("source.requestedBy", s.requestedBy(), MAX_PRINCIPAL, true);
    if (text.isPresent()) {
      return text;
    }
    text = text("source.reason", s.reason(), MAX_REASON, false);
    if (text.isPresent()) {
      return text;
    }
    String manifests = s.manifests();
    if (manifests != null && !(manifests.equals(STORED) || manifests.equals(RENDER))) {
      return Optional.of("source.manifests is not one of stored, render");
    }
    if (kind.equals(ROLLBACK) && RENDER.equals(manifests)) {
      return Optional.of(
          "source.manifests is render: a rollback puts back the stored manifests of the build");
    }
    return Optional.empty();
  }

  private static Optional<String> nameProblem(String field, String value, boolean required) {
    if (value == null && !required) {
      return Optional.empty();
    }
    return Names.problem(value).map(why -> field + " " + why);
  }

  private static Optional<String> text(String field, String value, int max, boolean required) {
    if (value == null || value.isBlank()) {
      return required ? Optional.of(field + " is missing") : Optional.empty();
    }
    Optional<String> problem = FieldText.problem(value);
    if (problem.isPresent()) {
      return Optional.of(field + " " + problem.get());
    }
    if (value.length() > max) {
      return Optional.of(
          field + " is " + value.length() + " characters long; at most " + max + " are allowed");
    }
    return Optional.empty();
  }
}
