package dev.slipway.analysis.report;

import static dev.slipway.analysis.report.Html.esc;

import dev.slipway.analysis.AnalysisOutcome;
import dev.slipway.analysis.CanaryVerdict;
import dev.slipway.analysis.GateOutcome;
import dev.slipway.analysis.MetricPair;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The canary report: one self-contained HTML page (inline CSS and SVG, no scripts, no external
 * fonts or images) that can be opened from S3 or pasted into an incident channel. It shows the
 * verdict and score against the thresholds, the group scores, and per metric the control and
 * experiment series over time, their distributions (box plots on the same scale), the Mann-Whitney
 * interval against the tolerance band, the mean ratio, and why it was classified so. A gate of
 * several clusters shows them side by side first, then each cluster's section.
 *
 * <p>The page is put together here from its sections ({@link Sections}, {@link MetricCard}, {@link
 * Charts}); its style sheet is {@code report.css} next to this class, inlined.
 */
public final class CanaryReport {
  /** What the page is about. */
  public record Header(String title, String cluster, Instant generatedAt) {}

  private static final String CSS = resource("report.css");

  private CanaryReport() {}

  /** The page for {@code o}: one cluster's analysis. */
  public static String render(AnalysisOutcome o, Header h) {
    StringBuilder b = open(o.verdict(), h);
    Sections.headerBand(b, o, h);
    b.append("<main class=\"wrap\">");
    Sections.summary(b, o);
    Sections.groups(b, o);
    cards(b, o, "m");
    Sections.howToRead(b, o);
    Sections.footer(b, o, h, o.endpoint());
    return close(b);
  }

  /**
   * The page for a canary gate: with one cluster, that cluster's page; with several, the wave's
   * verdict, the clusters side by side (a row per metric, a column per cluster, each cluster's
   * verdict and score on top), then each cluster's own section (summary, groups, metrics, cards).
   */
  public static String render(GateOutcome g, Header h) {
    if (g.clusters().size() == 1) {
      GateOutcome.ClusterOutcome only = g.clusters().get(0);
      String cluster = only.cluster() == null ? h.cluster() : only.cluster();
      return render(only.outcome(), new Header(h.title(), cluster, h.generatedAt()));
    }
    AnalysisOutcome first = g.clusters().get(0).outcome();
    StringBuilder b = open(g.verdict(), h);
    Sections.gateBand(b, g, h);
    b.append("<main class=\"wrap\">");
    Sections.sideBySide(b, g);
    List<String> endpoints = new ArrayList<>();
    for (int k = 0; k < g.clusters().size(); k++) {
      GateOutcome.ClusterOutcome c = g.clusters().get(k);
      AnalysisOutcome o = c.outcome();
      Sections.clusterHeading(b, k, c);
      Sections.summary(b, o);
      Sections.groups(b, o);
      cards(b, o, "c" + k + "m");
      b.append("</section>");
      endpoints.add(c.cluster() + ": " + o.endpoint());
    }
    Sections.howToRead(b, first);
    Sections.footer(b, first, h, String.join(", ", endpoints));
    return close(b);
  }

  private static StringBuilder open(CanaryVerdict verdict, Header h) {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(esc(verdict.jsonName() + " · " + h.title() + " · Slipway canary"))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>");
    return b;
  }

  /** The overview table and a card per metric series, their anchors {@code anchor + i}. */
  private static void cards(StringBuilder b, AnalysisOutcome o, String anchor) {
    Map<String, MetricPair> pairs = new HashMap<>();
    o.pairs().forEach(p -> pairs.put(p.id(), p));
    Sections.overview(b, o, anchor);
    for (int i = 0; i < o.result().results().size(); i++) {
      MetricCard.append(b, anchor + i, i, o, pairs.get(o.result().results().get(i).id()));
    }
  }

  private static String close(StringBuilder b) {
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
