package dev.slipway.local.cli;

import dev.slipway.model.SlipwayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure into one line on stderr and a non-zero exit code. Slipway errors print their name
 * and cause; unreadable files print the path; anything else is a bug and keeps its trace.
 */
final class Errors implements IExecutionExceptionHandler {
  static final int USER_ERROR = 2;
  static final int INTERNAL_ERROR = 70;

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    var err = cmd.getErr();
    if (e instanceof SlipwayException s) {
      err.println("slipway: " + s.getMessage());
      return USER_ERROR;
    }
    if (e instanceof UncheckedIOException io) {
      err.println("slipway: " + describe(io.getCause()));
      return USER_ERROR;
    }
    if (e instanceof IOException io) {
      err.println("slipway: " + describe(io));
      return USER_ERROR;
    }
    err.println("slipway: internal error: " + e);
    e.printStackTrace(err);
    return INTERNAL_ERROR;
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException nf) {
      return "no such file: " + nf.getFile();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
