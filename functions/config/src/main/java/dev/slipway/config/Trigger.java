package dev.slipway.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** An event that may start a release of an application. */
public enum Trigger {
  /** A Jenkins Notification plugin message of a finished, successful build. */
  JENKINS("jenkins"),
  /** Slipway's generic signed build event ({@code POST /webhooks/build}). */
  BUILD("build"),
  /** GitHub {@code push} to a release branch: the commit itself is the release. */
  GITHUB_PUSH("github-push"),
  /** GitHub {@code release} published: the tag is the build. */
  GITHUB_RELEASE("github-release"),
  /** GitHub Actions {@code workflow_run} completed with success: the run number is the build. */
  GITHUB_WORKFLOW_RUN("github-workflow-run"),
  /** GitHub Packages {@code registry_package} published: the image tag is the build. */
  GITHUB_REGISTRY_PACKAGE("github-registry-package");

  private final String id;

  Trigger(String id) {
    this.id = id;
  }

  /** The name used in the configuration file. */
  @JsonValue
  public String id() {
    return id;
  }

  /** The trigger called {@code id} in the configuration file. */
  @JsonCreator
  public static Trigger of(String id) {
    String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(t -> t.id.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown trigger '"
                        + id
                        + "' (known: "
                        + String.join(", ", Arrays.stream(values()).map(Trigger::id).toList())
                        + ")"));
  }
}
