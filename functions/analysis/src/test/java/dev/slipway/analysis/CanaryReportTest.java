package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slipway.analysis.report.CanaryReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML report, rendered from the recorded latency regression: its content, that it is
 * self-contained, and what a real browser (Debian's chromium, headless) makes of it. The screenshot
 * is left in target/reports/ for people to look at.
 */
class CanaryReportTest {
  static final Path OUT = Path.of("target/reports");
  static String html;
  static String healthy;
  static String gate;

  @BeforeAll
  static void render() throws Exception {
    Files.createDirectories(OUT);
    CanaryReport.Header h =
        new CanaryReport.Header(
            "search 142 · wave core", "prod-1", Instant.parse("2026-11-26T21:45:00Z"));
    html =
        CanaryReport.render(RecordedScenariosTest.analyzeRecording("latency-regression.json"), h);
    healthy = CanaryReport.render(RecordedScenariosTest.analyzeRecording("healthy.json"), h);
    Files.writeString(OUT.resolve("latency-regression.html"), html);
    Files.writeString(OUT.resolve("healthy.html"), healthy);
    gate =
        CanaryReport.render(
            GateOutcome.of(
                List.of(
                    new GateOutcome.ClusterOutcome(
                        "core-1", RecordedScenariosTest.analyzeRecording("healthy.json")),
                    new GateOutcome.ClusterOutcome(
                        "core-2",
                        RecordedScenariosTest.analyzeRecording("latency-regression.json")))),
            h);
    Files.writeString(OUT.resolve("gate.html"), gate);
  }

  @Test
  void gateReport_shouldShowTheClustersSideBySide_thenEachClustersSection() {
    // the wave's verdict and its lowest score in the band, both clusters named
    assertThat(gate)
        .contains("<div class=\"verdict\">Fail</div>")
        .contains("60<small>/100</small>")
        .contains("clusters <b>core-1, core-2</b>")
        .contains("1 of 2 clusters passed.");
    // a column per cluster, a row per metric series, each cell linking its cluster's card
    String table = gate.substring(gate.indexOf("<h2>Clusters</h2>"), gate.indexOf("</table>"));
    assertThat(table)
        .contains("<th><a href=\"#c0\">core-1</a></th><th><a href=\"#c1\">core-2</a></th>")
        .contains("<td>client 95P Latency{app=search,status=OK}</td>")
        .contains("href=\"#c1m1\"")
        .contains("+99.1%");
    // the header row and a row per metric series; the verdict and score rows have a class
    assertThat(count(table, "<tr>")).isEqualTo(1 + 3);
    assertThat(count(table, "<tr class=")).isEqualTo(2);
    // each cluster's own section, its cards' ids unique on the page
    assertThat(gate).contains("cluster core-1 · Pass").contains("cluster core-2 · Fail");
    assertThat(count(gate, "class=\"series\"")).isEqualTo(6);
    assertThat(count(gate, "id=\"c0m0\"")).isEqualTo(1);
    assertThat(count(gate, "id=\"c1m0\"")).isEqualTo(1);
    assertThat(gate).contains("No regression found").contains("Regression: ");
    assertThat(gate).doesNotContain("<script");
  }

  @Test
  void report_shouldShowVerdictScoreGroupsAndEveryMetric() {
    assertThat(html)
        .contains("<div class=\"verdict\">Fail</div>")
        .contains("60<small>/100</small>")
        .contains("Errors")
        .contains("Latency")
        .contains("client 95P Latency{app=search,status=OK}")
        .contains("client 50P Latency{app=search,status=OK}")
        .contains("error rate")
        .contains("+99.1%")
        .contains("entirely above the tolerance band");
    assertThat(healthy)
        .contains("<div class=\"verdict\">Pass</div>")
        .contains("No regression found");
  }

  @Test
  void report_shouldDrawSeriesDistributionsAndIntervalPerMetric() {
    assertThat(count(html, "class=\"series\"")).isEqualTo(3);
    assertThat(count(html, "class=\"box\"")).isEqualTo(3);
    assertThat(count(html, "<div class=\"ci\">")).isEqualTo(3);
    assertThat(count(html, "<b>Why:</b>")).isEqualTo(3);
  }

  @Test
  void report_shouldRenderTheRecordedRegressionAsTheSingleFileRendererDid() throws Exception {
    // src/test/resources/reports/latency-regression.html was rendered by CanaryReport before it
    // was split into the report package, its style sheet (now report.css) left out; only the
    // replay's port differs from run to run
    String before = Files.readString(Path.of("src/test/resources/reports/latency-regression.html"));
    String css =
        Files.readString(Path.of("src/main/resources/dev/slipway/analysis/report/report.css"));
    assertThat(html).contains("<style>" + css + "</style>");
    assertThat(
            html.replace("<style>" + css + "</style>", "<style></style>")
                .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT"))
        .isEqualTo(before);
  }

  @Test
  void report_shouldBeSelfContained() {
    assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("@import");
    assertThat(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find()).isFalse();
    assertThat(html).doesNotContain("url(");
  }

  @Test
  void report_shouldEscapeWhatComesFromTheConfig() {
    assertThat(html).contains("status=~&quot;5..&quot;").doesNotContain("status=~\"5..\"");
  }

  @Test
  void report_shouldRenderInHeadlessChromium() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "chromium is not installed");
    Path png = OUT.resolve("latency-regression.png").toAbsolutePath();
    Files.deleteIfExists(png);
    Path profile = Files.createTempDirectory("slipway-chromium-");
    try {
      Process p =
          new ProcessBuilder(
                  List.of(
                      "/usr/bin/chromium",
                      "--headless",
                      "--no-sandbox",
                      "--disable-gpu",
                      "--disable-quic",
                      "--no-first-run",
                      "--disable-background-networking",
                      "--disable-component-update",
                      "--disable-sync",
                      "--user-data-dir=" + profile,
                      "--screenshot=" + png,
                      "--window-size=1280,2000",
                      OUT.resolve("latency-regression.html").toAbsolutePath().toUri().toString()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("chromium did not finish within 90 s");
      }
      BufferedImage img = ImageIO.read(png.toFile());
      assertThat(img.getWidth()).isEqualTo(1280);
      // the header band is the Fail red, not a blank or error page
      int rgb = img.getRGB(20, 20) & 0xFFFFFF;
      assertThat(rgb).isEqualTo(0xC93434);
      // and the page below it is not empty: many distinct colours (charts, badges, text)
      assertThat(distinctColours(img)).isGreaterThan(200);
    } finally {
      deleteTree(profile);
    }
  }

  private static int distinctColours(BufferedImage img) {
    java.util.Set<Integer> c = new java.util.HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        c.add(img.getRGB(x, y));
      }
    }
    return c.size();
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static void deleteTree(Path root) throws IOException {
    try (var s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
