package dev.slipway.store;

import dev.slipway.model.TerminalStepException;

/** The artifact store's named errors. */
public final class ArtifactErrors {
  public static final String NOT_FOUND = "Slipway.Artifact.NotFound";

  private ArtifactErrors() {}

  public static TerminalStepException notFound(String key) {
    return new TerminalStepException(
        NOT_FOUND,
        "no object at s3 key '"
            + key
            + "'. Check that the build uploaded it (or that the key in the event is right) and"
            + " that the function reads the right bucket.");
  }
}
