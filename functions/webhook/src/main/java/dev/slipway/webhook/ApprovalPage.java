package dev.slipway.webhook;

import static dev.slipway.webhook.Html.esc;

import dev.slipway.config.Environment.Wave;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.ApprovalRequest.Check;
import dev.slipway.model.ApprovalRequest.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The approval pages a browser gets from the signed link ({@code Accept: text/html}): the pending
 * gate with its checks, per-cluster diff, canary verdict, waves to come, time left and the decision
 * form; the outcome once decided; and a page for each problem (tampered or expired link, decided,
 * gone). Server-rendered plain Java over three templates; the only script counts down the time
 * left, and deciding works without it. Every value is escaped ({@link Html#esc}).
 */
final class ApprovalPage {
  /** The most diff lines shown per cluster; the rest is named, not shown. */
  static final int MAX_DIFF_LINES = 4000;

  /**
   * The clusters' diffs are shown open, in order, while together they have at most this many lines;
   * the others open with a click.
   */
  static final int OPEN_LINES = 150;

  private static final String LAYOUT = Html.resource("layout.html");
  private static final String STYLE = Html.resource("page.css");
  private static final String SCRIPT = Html.resource("countdown.js");

  /**
   * The headers of every page: nothing but its own inline style and script runs (hashes), no
   * framing, no caching (a decided page must not come back from a cache as pending), no referrer to
   * other sites (the signed link must not leak to the pages it links to; {@code same-origin}, not
   * {@code no-referrer}, under which a browser posts the form with {@code Origin: null}), and forms
   * post only to this origin.
   */
  static final Map<String, String> HEADERS =
      Map.of(
          "Content-Type",
          "text/html; charset=utf-8",
          "Content-Security-Policy",
          "default-src 'none'; style-src "
              + Html.cspHash(STYLE)
              + "; script-src "
              + Html.cspHash(SCRIPT)
              + "; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
          "X-Frame-Options",
          "DENY",
          "X-Content-Type-Options",
          "nosniff",
          "Referrer-Policy",
          "same-origin",
          "Cache-Control",
          "no-store");

  /**
   * One cluster's diff as the Diff state wrote it.
   *
   * @param cluster the cluster
   * @param text the unified diff, or null when it could not be read
   */
  record ClusterDiff(String cluster, String text) {}

  /**
   * The canary verdict a Marginal gate asks about.
   *
   * @param verdict e.g. {@code Marginal}
   * @param score the score, or null
   * @param summary one line, or null
   * @param report the report's link (relative: the signed link with {@code view=report}), or null
   */
  record Canary(String verdict, String score, String summary, String report) {}

  /**
   * What a page about one approval shows.
   *
   * @param approval the request
   * @param diffs each cluster's diff
   * @param canary the canary verdict, or null
   * @param wavesToCome the waves the release deploys after the gate; null when unknown
   * @param now the time of the answer
   * @param action the form's target: the signed link's query ({@code ?app=...&sig=...})
   * @param formToken the value only the signed page knows ({@link DecisionForm#token})
   */
  record View(
      ApprovalRequest approval,
      List<ClusterDiff> diffs,
      Canary canary,
      List<Wave> wavesToCome,
      Instant now,
      String action,
      String formToken) {}

  /**
   * A notice above the approval.
   *
   * @param tone {@code ok}, {@code warn} or {@code bad}
   * @param title the headline
   * @param text what it means and what to do
   */
  record Notice(String tone, String title, String text) {}

  /**
   * The headers of the canary report served through the link: it is shown in a sandbox (no script
   * runs, whatever it holds), with its own inline styles.
   */
  static final Map<String, String> REPORT_HEADERS =
      Map.of(
          "Content-Type",
          "text/html; charset=utf-8",
          "Content-Security-Policy",
          "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
              + " frame-ancestors 'none'",
          "X-Frame-Options",
          "DENY",
          "X-Content-Type-Options",
          "nosniff",
          "Referrer-Policy",
          "no-referrer",
          "Cache-Control",
          "no-store");

  private ApprovalPage() {}

  /** The page of one approval, with {@code notice} (or none) above it. */
  static String approval(View v, Notice notice) {
    ApprovalRequest a = v.approval();
    StringBuilder b = new StringBuilder();
    String status = status(a, v.now());
    b.append("<h1>")
        .append(esc(a.app()))
        .append(" build ")
        .append(esc(a.build()))
        .append(" → ")
        .append(esc(a.environment()))
        .append(" <span class=\"chip ")
        .append(status)
        .append("\" id=\"status\">")
        .append(status)
        .append("</span></h1>\n<p class=\"sub\">")
        .append(esc(gateText(a.gate())))
        .append("</p>\n");
    if (notice != null) {
      b.append(banner(notice));
    }
    // pending: what the automated checks said and where the release goes next, then the form, then
    // the (long) diff; decided or expired: that first
    boolean pending = status.equals("pending");
    if (!pending) {
      decision(b, v, status);
    }
    facts(b, v);
    checks(b, a.checks());
    if (v.canary() != null) {
      canary(b, v.canary());
    }
    waves(b, v.wavesToCome());
    if (pending) {
      decision(b, v, status);
    }
    diff(b, a.diff(), v.diffs());
    return page(a.app() + " " + a.build() + " → " + a.environment() + ": " + status, b);
  }

  /** A page about a problem that shows no approval (a tampered or expired link, an error). */
  static String problem(String title, String text, String errorName) {
    StringBuilder b = new StringBuilder();
    b.append("<h1>")
        .append(esc(title))
        .append("</h1>\n<div class=\"banner bad\" id=\"notice\"><p>");
    b.append(esc(text));
    if (errorName != null) {
      b.append(" <span class=\"muted\">(").append(esc(errorName)).append(")</span>");
    }
    b.append("</p></div>\n");
    return page(title, b);
  }

  private static String page(String title, CharSequence body) {
    return Html.fill(
        LAYOUT,
        Map.of("title", esc(title), "style", STYLE, "script", SCRIPT, "body", body.toString()));
  }

  static String status(ApprovalRequest a, Instant now) {
    if (a.decision() != null) {
      return a.decision().decision().equals("approve") ? "approved" : "rejected";
    }
    return a.expiredAt(now) ? "expired" : "pending";
  }

  private static String gateText(String gate) {
    if ("canary-marginal".equals(gate)) {
      return "The canary's verdict is Marginal: continue with the next waves, or roll back?";
    }
    if (gate == null || "deploy".equals(gate)) {
      return "Manual gate before the first wave: the automated checks passed; deploy?";
    }
    return "Manual gate '" + gate + "'";
  }

  private static String banner(Notice n) {
    return "<div class=\"banner "
        + esc(n.tone())
        + "\" id=\"notice\"><h2>"
        + esc(n.title())
        + "</h2><p>"
        + esc(n.text())
        + "</p></div>\n";
  }

  private static void decision(StringBuilder b, View v, String status) {
    ApprovalRequest a = v.approval();
    b.append("<section id=\"decision\">");
    switch (status) {
      case "pending" -> {
        b.append("<h2>Decide</h2>")
            .append("<p>Time left: <span id=\"time-left\" data-expires=\"")
            .append(esc(a.expiresAt().toString()))
            .append("\">")
            .append(esc(left(Duration.between(v.now(), a.expiresAt()))))
            .append("</span> <span class=\"muted\">(the gate closes at ")
            .append(esc(a.expiresAt().toString()))
            .append(")</span></p>\n")
            .append("<form id=\"decide\" method=\"post\" action=\"")
            .append(esc(v.action()))
            .append("\">\n<input type=\"hidden\" name=\"")
            .append(DecisionForm.TOKEN)
            .append("\" value=\"")
            .append(esc(v.formToken()))
            .append("\">\n<label for=\"by\">Your name or e-mail</label>")
            .append(
                "<input type=\"text\" id=\"by\" name=\"by\" required maxlength=\"200\""
                    + " autocomplete=\"email\">\n")
            .append("<label for=\"comment\">Comment <span class=\"muted\">(optional; required")
            .append(" reading for whoever looks at this release later)</span></label>")
            .append("<textarea id=\"comment\" name=\"comment\" maxlength=\"2000\"></textarea>\n")
            .append("<div class=\"buttons\">")
            .append(
                "<button type=\"submit\" class=\"approve\" id=\"approve\" name=\"decision\""
                    + " value=\"approve\">Approve</button>")
            .append(
                "<button type=\"submit\" class=\"reject\" id=\"reject\" name=\"decision\""
                    + " value=\"reject\">Reject</button>")
            .append("</div>\n</form>");
      }
      case "expired" ->
          b.append("<h2>Expired</h2><p>The gate closed at ")
              .append(esc(a.expiresAt().toString()))
              .append(" without a decision; the release did not go on. Start it again when an")
              .append(" approver is available.</p>");
      default -> {
        Decision d = a.decision();
        b.append("<h2 id=\"outcome\">")
            .append(status.equals("approved") ? "Approved" : "Rejected")
            .append(" by ")
            .append(esc(d.by()))
            .append("</h2><dl class=\"facts\">");
        if (d.decidedBy() != null) {
          fact(b, "verified as", esc(d.decidedBy().id() + " (" + d.decidedBy().source() + ")"));
        }
        fact(
            b,
            "at",
            esc(
                d.at() == null
                    ? ""
                    : d.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
        if (d.comment() != null && !d.comment().isBlank()) {
          fact(b, "comment", "<span id=\"comment\">" + esc(d.comment()) + "</span>");
        }
        fact(b, "release", esc(deliveryText(d.delivery())));
        b.append("</dl>");
      }
    }
    b.append("</section>\n");
  }

  private static String deliveryText(String delivery) {
    if (Decision.SENT.equals(delivery)) {
      return "the release received the decision";
    }
    if (Decision.GONE.equals(delivery)) {
      return "the release no longer waited (it timed out or ended)";
    }
    return "not yet sent to the release";
  }

  /** {@code 3 d 04 h 12 min}, {@code 12 min}, or {@code under a minute}. */
  static String left(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return "none";
    }
    long m = d.toMinutes();
    if (m == 0) {
      return "under a minute";
    }
    String text = (m / 60 > 0 ? (m / 60) % 24 + " h " : "") + m % 60 + " min";
    return m / 1440 > 0 ? m / 1440 + " d " + text : text;
  }

  private static void facts(StringBuilder b, View v) {
    ApprovalRequest a = v.approval();
    b.append("<section id=\"release\"><h2>Release</h2><dl class=\"facts\">");
    fact(b, "application", esc(a.app()));
    fact(b, "environment", esc(a.environment()));
    fact(b, "build", esc(a.build()));
    Map<String, String> release = annotations(v.diffs());
    String commit = release.get("commit");
    if (commit != null) {
      String repo = release.getOrDefault("git-repo", "");
      fact(
          b,
          "commit",
          COMMIT.matcher(commit).matches() && !Html.href(repo).isEmpty()
              ? link(commit, repo.replaceFirst("/+$", "") + "/commit/" + commit)
              : esc(commit));
    }
    if (release.containsKey("git-branch")) {
      fact(b, "branch", esc(release.get("git-branch")));
    }
    if (release.containsKey("ticket")) {
      fact(b, "ticket", esc(release.get("ticket")));
    }
    if (a.trigger() != null) {
      fact(b, "triggered by", triggeredBy(a.trigger()));
    }
    fact(b, "gate", esc(a.gate()));
    fact(b, "requested", esc(String.valueOf(a.createdAt())));
    fact(b, "execution", link(a.executionArn(), a.links().get("execution")));
    a.links().entrySet().stream()
        .filter(e -> !e.getKey().equals("execution") && !e.getKey().startsWith("diff "))
        .filter(e -> !e.getKey().equals("approve or reject") && !e.getKey().equals("canary report"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> fact(b, esc(e.getKey()), link(e.getValue(), e.getValue())));
    b.append("</dl></section>\n");
  }

  private static final java.util.regex.Pattern ANNOTATION =
      java.util.regex.Pattern.compile(
          "^\\+\\s+slipway\\.dev/(commit|ticket|git-repo|git-branch): *[\"']?([^\"']+)[\"']?$");

  private static final java.util.regex.Pattern COMMIT =
      java.util.regex.Pattern.compile("[0-9a-f]{7,40}");

  /**
   * The release's commit, ticket, repository and branch as the rendered manifests carry them
   * ({@code slipway.dev/...} annotations on the diff's added lines); the first of each.
   */
  static Map<String, String> annotations(List<ClusterDiff> diffs) {
    Map<String, String> found = new java.util.HashMap<>();
    for (ClusterDiff d : diffs) {
      if (d.text() == null) {
        continue;
      }
      for (String line : d.text().split("\n")) {
        java.util.regex.Matcher m = ANNOTATION.matcher(line);
        if (m.matches()) {
          found.putIfAbsent(m.group(1), m.group(2).strip());
        }
      }
    }
    return found;
  }

  /**
   * Who or what started the release and when: e.g. {@code github push, 2026-12-08T03:12:03Z} linked
   * to the build, or {@code operator rollback by arn:aws:sts::…}.
   */
  static String triggeredBy(ApprovalRequest.Trigger t) {
    String what =
        String.join(
            " ", Stream.of(t.source(), t.event()).filter(x -> x != null && !x.isBlank()).toList());
    StringBuilder out = new StringBuilder(link(what.isEmpty() ? "unknown" : what, t.url()));
    if (t.by() != null && !t.by().isBlank()) {
      out.append(" by ").append(esc(t.by()));
    }
    if (t.at() != null) {
      out.append(", ").append(esc(t.at().toString()));
    }
    return out.toString();
  }

  private static void fact(StringBuilder b, String term, String html) {
    b.append("<dt>").append(term).append("</dt><dd>").append(html).append("</dd>");
  }

  /** {@code text} linked to {@code url} when that is an http(s) URL; plain text otherwise. */
  private static String link(String text, String url) {
    String href = Html.href(url);
    if (href.isEmpty()) {
      return esc(text);
    }
    return "<a href=\"" + href + "\" rel=\"noreferrer noopener\">" + esc(text) + "</a>";
  }

  private static void checks(StringBuilder b, List<Check> checks) {
    b.append("<section id=\"checks\"><h2>Automated checks</h2>");
    if (checks.isEmpty()) {
      b.append("<p class=\"muted\">No automated check ran before this gate.</p></section>\n");
      return;
    }
    b.append("<table><tr><th>check</th><th>result</th><th>detail</th></tr>");
    for (Check c : checks) {
      String status = c.status() == null ? "" : c.status();
      String chip =
          switch (status) {
            case "PASS", "WARN", "FAIL" -> status;
            default -> "WARN";
          };
      b.append("<tr class=\"check\"><td>")
          .append(esc(c.name()))
          .append("</td><td><span class=\"chip ")
          .append(chip)
          .append("\">")
          .append(esc(status))
          .append("</span></td><td>")
          .append(esc(c.detail()));
      if (c.link() != null && !c.link().isBlank()) {
        b.append(" <span class=\"muted\">(").append(link(c.link(), c.link())).append(")</span>");
      }
      b.append("</td></tr>");
    }
    b.append("</table></section>\n");
  }

  private static void canary(StringBuilder b, Canary c) {
    b.append("<section id=\"canary\"><h2>Canary</h2><dl class=\"facts\">");
    fact(b, "verdict", "<span class=\"chip WARN\">" + esc(c.verdict()) + "</span>");
    if (c.score() != null) {
      fact(b, "score", "<span class=\"score\">" + esc(c.score()) + "</span>");
    }
    if (c.summary() != null) {
      fact(b, "summary", esc(c.summary()));
    }
    if (c.report() != null) {
      fact(
          b,
          "report",
          "<a id=\"canary-report\" href=\""
              + esc(c.report())
              + "\">the canary report</a> <span class=\"muted\">(metric by metric)</span>");
    }
    b.append("</dl></section>\n");
  }

  private static void diff(
      StringBuilder b, ApprovalRequest.DiffSummary sum, List<ClusterDiff> diffs) {
    b.append("<section id=\"diff\"><h2>What changes</h2>");
    if (sum == null) {
      b.append("<p class=\"muted\">This gate carries no manifest diff.</p></section>\n");
      return;
    }
    b.append("<ul class=\"counts\">")
        .append(count(sum.created(), "created"))
        .append(count(sum.changed(), "changed"))
        .append(count(sum.unchanged(), "unchanged"))
        .append(count(sum.left(), "left in the cluster"))
        .append("</ul>");
    int budget = OPEN_LINES;
    for (ClusterDiff d : diffs) {
      int lines = d.text() == null ? 0 : d.text().split("\n", -1).length;
      cluster(b, d, lines <= budget);
      if (lines <= budget) {
        budget -= lines;
      }
    }
    b.append("</section>\n");
  }

  private static String count(int n, String what) {
    return "<li><b>" + n + "</b> " + what + "</li>";
  }

  /**
   * One cluster: its counts, its coloured diff, and what stays in it unrendered; {@code open} or
   * closed (a click opens it).
   */
  static void cluster(StringBuilder b, ClusterDiff d, boolean open) {
    String[] all = d.text() == null ? new String[0] : d.text().split("\n", -1);
    b.append("<details class=\"cluster\"")
        .append(open ? " open" : "")
        .append("><summary><h3 class=\"inline\">")
        .append(esc(d.cluster()))
        .append("</h3> ");
    if (d.text() == null) {
      b.append("<span class=\"muted\">the diff could not be read</span></summary></details>");
      return;
    }
    String[] lines = all;
    int created = 0;
    int changed = 0;
    int leftAt = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("--- /dev/null")) {
        created++;
      } else if (lines[i].startsWith("--- live/")) {
        changed++;
      } else if (leftAt < 0 && lines[i].startsWith("# Left in the cluster")) {
        leftAt = i;
      }
    }
    List<String> left = leftAt < 0 ? List.of() : leftObjects(lines, leftAt);
    b.append("<span class=\"muted\">")
        .append(created)
        .append(" created, ")
        .append(changed)
        .append(" changed")
        .append(left.isEmpty() ? "" : ", " + left.size() + " left in the cluster")
        .append("</span></summary>");
    int end = leftAt < 0 ? lines.length : leftAt;
    if (end > 0 && lines[end - 1].isEmpty()) {
      end--;
    }
    if (end == 0) {
      b.append("<p class=\"muted nochange\">No change in this cluster.</p>");
    } else {
      b.append("<pre class=\"diff\">");
      for (int i = 0; i < Math.min(end, MAX_DIFF_LINES); i++) {
        b.append("<span class=\"")
            .append(lineClass(lines[i]))
            .append("\">")
            .append(esc(lines[i]))
            .append("</span>");
      }
      if (end > MAX_DIFF_LINES) {
        b.append("<span class=\"note\">… ")
            .append(end - MAX_DIFF_LINES)
            .append(" more lines: read the whole diff in the bucket</span>");
      }
      b.append("</pre>");
    }
    if (!left.isEmpty()) {
      b.append("<div class=\"left\"><b>Left in the cluster</b>: rendered by the live release, not")
          .append(" by this one. Slipway does not delete objects; remove them with kubectl once")
          .append(" nothing needs them.<ul>");
      left.forEach(o -> b.append("<li>").append(esc(o)).append("</li>"));
      b.append("</ul></div>");
    }
    b.append("</details>\n");
  }

  private static List<String> leftObjects(String[] lines, int from) {
    java.util.ArrayList<String> objects = new java.util.ArrayList<>();
    for (int i = from + 1; i < lines.length; i++) {
      if (lines[i].startsWith("#   ") && !lines[i].isBlank()) {
        objects.add(lines[i].substring(4).strip());
      }
    }
    return objects;
  }

  private static String lineClass(String line) {
    if (line.startsWith("+++") || line.startsWith("---")) {
      return "file";
    }
    if (line.startsWith("@@")) {
      return "hunk";
    }
    if (line.startsWith("+")) {
      return "add";
    }
    if (line.startsWith("-")) {
      return "del";
    }
    return line.startsWith("#") ? "note" : "ctx";
  }

  private static void waves(StringBuilder b, List<Wave> waves) {
    b.append("<section id=\"waves\"><h2>Waves to come</h2>");
    if (waves == null) {
      b.append("<p class=\"muted\">Unknown: the configuration does not say.</p></section>\n");
      return;
    }
    if (waves.isEmpty()) {
      b.append("<p class=\"muted\">None: this is the last step of the release.</p></section>\n");
      return;
    }
    b.append("<ol>");
    for (Wave w : waves) {
      b.append("<li><b>")
          .append(esc(w.name()))
          .append("</b>: ")
          .append(esc(String.join(", ", w.clusters())))
          .append("</li>");
    }
    b.append("</ol></section>\n");
  }
}
