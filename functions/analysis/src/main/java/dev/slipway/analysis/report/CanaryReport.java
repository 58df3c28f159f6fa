package dev.slipway.analysis.report;

import static dev.slipway.analysis.report.Html.esc;

import dev.slipway.analysis.AnalysisOutcome;
import dev.slipway.analysis.MetricPair;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The canary report: one self-contained HTML page (inline CSS and SVG, no scripts, no external
 * fonts or images) that can be opened from S3 or pasted into an incident channel. It shows the
 * verdict and score against the thresholds, the group scores, and per metric the control and
 * experiment series over time, their distributions (box plots on the same scale), the Mann-Whitney
 * interval against the tolerance band, the mean ratio, and why it was classified so.
 *
 * <p>The page is put together here from its sections ({@link Sections}, {@link MetricCard}, {@link
 * Charts}); its style sheet is {@code report.css} next to this class, inlined.
 */
public final class CanaryReport {
  /** What the page is about. */
  public record Header(String title, String cluster, Instant generatedAt) {}

  private static final String CSS = resource("report.css");

  private CanaryReport() {}

  /** The page for {@code o}. */
  public static String render(AnalysisOutcome o, Header h) {
    Map<String, MetricPair> pairs = new HashMap<>();
    o.pairs().forEach(p -> pairs.put(p.id(), p));
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(esc(o.verdict().jsonName() + " · " + h.title() + " · Slipway canary"))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>");
    Sections.headerBand(b, o, h);
    b.append("<main class=\"wrap\">");
    Sections.summary(b, o);
    Sections.groups(b, o);
    Sections.overview(b, o);
    for (int i = 0; i < o.result().results().size(); i++) {
      MetricCard.append(b, i, o, pairs.get(o.result().results().get(i).id()));
    }
    Sections.howToRead(b, o);
    Sections.footer(b, o, h);
    b.append("</main></body></html>\n");
    return b.toString();
  }

  private static String resource(String name) {
    try (InputStream in = CanaryReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
