package dev.slipway.local.cli.operate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What an operating command prints: one result, as text for people (the default) or as JSON with
 * {@code --json}; progress lines only in text mode. Also the text helpers the commands share
 * (times, durations, tables).
 */
public final class Output {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final boolean json;
  private final PrintStream out;

  public Output(boolean json, PrintStream out) {
    this.json = json;
    this.out = out;
  }

  public boolean json() {
    return json;
  }

  /** The stream results go to (text mode writers print their lines here). */
  public PrintStream stream() {
    return out;
  }

  /**
   * Prints a command's result: {@code result} as indented JSON with {@code --json}, else what
   * {@code text} prints.
   */
  public void result(JsonNode result, Consumer<PrintStream> text) {
    if (json) {
      try {
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a JSON tree always serialises", e);
      }
    } else {
      text.accept(out);
    }
    out.flush();
  }

  /** A line of progress, in text mode only (JSON output stays one document). */
  public void progress(String line) {
    if (!json) {
      out.println(line);
      out.flush();
    }
  }

  /** A new JSON object for a result. */
  public static ObjectNode object() {
    return Json.mapper().createObjectNode();
  }

  /** {@code 2026-12-08 02:14:05Z}, or {@code -}. */
  public static String time(Instant t) {
    return t == null ? "-" : TIME.format(t);
  }

  /** {@code 4m05s}, {@code 1h02m}, {@code 12s}, or {@code -}. */
  public static String duration(Duration d) {
    if (d == null) {
      return "-";
    }
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  /** Columns padded to their widest cell, two spaces apart; the header first. */
  public static List<String> table(List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < width.length && i < row.size(); i++) {
        width[i] = Math.max(width[i], cell(row.get(i)).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : all) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < width.length; i++) {
        String c = i < row.size() ? cell(row.get(i)) : "";
        b.append(c);
        if (i < width.length - 1) {
          b.append(" ".repeat(width[i] - c.length() + 2));
        }
      }
      lines.add(b.toString().stripTrailing());
    }
    return lines;
  }

  private static String cell(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
