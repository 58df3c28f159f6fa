package dev.slipway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.config.Environment.Wave;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.ApprovalRequest.Check;
import dev.slipway.model.ApprovalRequest.Decision;
import dev.slipway.model.ApprovalRequest.DiffSummary;
import dev.slipway.model.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The approval pages as plain Java: what they show, and that no value gets out of its escape. */
class ApprovalPageTest {
  static final Instant NOW = Instant.parse("2026-11-27T01:00:00Z");

  /** A value that would run script, close an attribute or start a tag if it were not escaped. */
  static final String HOSTILE = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>";

  static final String DIFF =
      """
      --- /dev/null
      +++ rendered/v1/Service/checkout/checkout-api
      @@ -0,0 +1,8 @@
      +kind: Service
      +metadata:
      +  annotations:
      +    slipway.dev/commit: 9f2c1e4b7a3d5c6e8f0a1b2c3d4e5f6a7b8c9d0e
      +    slipway.dev/git-repo: https://github.com/acme/checkout
      +    slipway.dev/git-branch: main
      +    slipway.dev/ticket: CHK-1207
      --- live/apps/v1/Deployment/checkout/checkout-api
      +++ rendered/apps/v1/Deployment/checkout/checkout-api
      @@ -3,1 +3,1 @@
      -  image: checkout:141
      +  image: checkout:142
      # Left in the cluster: rendered by build 141, not by this one. Slipway does not delete
      # objects: remove them with kubectl once nothing needs them.
      #   v1 ConfigMap checkout/old-settings
      """;

  static ApprovalRequest approval(String v, Decision decision) {
    return new ApprovalRequest(
        "stg-deploy-" + v,
        "checkout" + v,
        "142" + v,
        "stg" + v,
        "deploy" + v,
        "arn:aws:states:us-east-1:1:execution:r:" + v,
        "TOKEN-NEVER-SHOWN",
        new DiffSummary(1, 2, 9, 1, List.of("artifacts/checkout/142/diff/core-1.diff")),
        List.of(
            new Check("manifests-valid" + v, "PASS", "12 objects" + v, null),
            new Check("static-data", "FAIL" + v, "checksums" + v, "javascript:alert(3)")),
        Map.of(
            "execution",
            "javascript:alert(4)",
            "commit" + v,
            "https://github.com/acme/checkout/commit/9f2c1e4" + v,
            "ticket",
            "JIRA-1" + v),
        NOW.minusSeconds(300),
        NOW.plus(Duration.ofHours(2)),
        decision,
        new ApprovalRequest.Trigger(
            "operator" + v,
            "rollback" + v,
            "alice" + v,
            "javascript:alert(5)",
            NOW.minusSeconds(900)));
  }

  static ApprovalPage.View view(ApprovalRequest a, String v) {
    return new ApprovalPage.View(
        a,
        List.of(
            new ApprovalPage.ClusterDiff(
                "core-1" + v,
                DIFF.replace("checkout:142", "checkout:142" + v)
                    .replace("CHK-1207", "CHK-1207" + v)
                    .replace("acme/checkout\n", "acme/checkout" + v + "\n")
                    .replace("old-settings", "old-settings" + v))),
        new ApprovalPage.Canary(
            "Marginal" + v, "61.5" + v, "latency up" + v, "?sig=1&view=report" + v),
        List.of(new Wave("edge" + v, List.of("edge-1" + v, "edge-2"))),
        NOW,
        "?app=checkout&sig=abc" + v,
        "token" + v);
  }

  @Test
  void pendingPage_shouldShowChecksDiffCanaryWavesTimeLeft_andTheForm() {
    String page = ApprovalPage.approval(view(approval("", null), ""), null);

    assertThat(page)
        .startsWith("<!DOCTYPE html>")
        .contains("checkout build 142 → stg", "id=\"status\">pending<")
        .contains("manifests-valid", "12 objects", "<span class=\"chip PASS\">PASS</span>")
        .contains("<b>1</b> created", "<b>2</b> changed", "<b>9</b> unchanged")
        .contains("<b>1</b> left in the cluster")
        .contains("core-1</h3> <span class=\"muted\">1 created, 1 changed, 1 left in the cluster")
        .contains("<details class=\"cluster\" open>")
        .contains("<span class=\"add\">+  image: checkout:142</span>")
        .contains("<span class=\"del\">-  image: checkout:141</span>")
        .contains("<span class=\"hunk\">@@ -3,1 +3,1 @@</span>")
        .contains(
            "<div class=\"left\"><b>Left in the cluster</b>",
            "<li>v1 ConfigMap checkout/old-settings</li>")
        .contains("Marginal", "<span class=\"score\">61.5</span>", "latency up")
        .contains("href=\"?sig=1&amp;view=report\"")
        .contains("<li><b>edge</b>: edge-1, edge-2</li>")
        .contains("id=\"time-left\" data-expires=\"2026-11-27T03:00:00Z\">2 h 0 min<")
        .contains("<form id=\"decide\" method=\"post\" action=\"?app=checkout&amp;sig=abc\">")
        .contains("name=\"form\" value=\"token\"", "value=\"approve\"", "value=\"reject\"")
        .contains("<a href=\"https://github.com/acme/checkout/commit/9f2c1e4\"")
        .contains("JIRA-1")
        .contains(
            "<dt>commit</dt><dd><a href=\"https://github.com/acme/checkout/commit/9f2c1e4b7a3d5c6e8f0a1b2c3d4e5f6a7b8c9d0e\"")
        .contains("<dt>branch</dt><dd>main</dd>", "<dt>ticket</dt><dd>CHK-1207</dd>")
        .doesNotContain("TOKEN-NEVER-SHOWN");
    // the left objects are not shown as diff lines too
    assertThat(page).doesNotContain("<span class=\"note\"># Left in the cluster");
  }

  @Test
  void pendingPage_shouldSayWhoOrWhatTriggeredTheRelease_andWhen() {
    String page = ApprovalPage.approval(view(approval("", null), ""), null);

    // a javascript: URL is no link; the text stays
    assertThat(page)
        .contains("<dt>triggered by</dt><dd>operator rollback by alice, " + NOW.minusSeconds(900));
    assertThat(
            ApprovalPage.triggeredBy(
                new ApprovalRequest.Trigger(
                    "github", "push", null, "https://github.com/acme/checkout/actions/1", null)))
        .isEqualTo(
            "<a href=\"https://github.com/acme/checkout/actions/1\" rel=\"noreferrer noopener\">"
                + "github push</a>");
  }

  @Test
  void everyRenderedField_shouldBeEscaped() {
    Decision decision =
        new Decision(
            "reject",
            "mona" + HOSTILE,
            "no" + HOSTILE,
            NOW,
            new Principal(HOSTILE, "iam" + HOSTILE),
            HOSTILE);
    for (ApprovalRequest a : List.of(approval(HOSTILE, null), approval(HOSTILE, decision))) {
      String page =
          ApprovalPage.approval(
              view(a, HOSTILE), new ApprovalPage.Notice(HOSTILE, HOSTILE, HOSTILE));

      assertThat(page).doesNotContain("<script>alert", "<img", "'>", "\"'>");
      assertThat(page)
          .doesNotContainPattern(
              Pattern.compile("href=\"\\s*javascript", Pattern.CASE_INSENSITIVE));
      // each hostile field is there, escaped: app, build, environment, gate, the checks' names,
      // statuses and details, a link's name and URL, the cluster, diff lines, left objects, the
      // canary's verdict, score, summary and report, the waves, the action, the token, the notice,
      // and the decision's by, principal and comment
      int escaped =
          page.split(
                      Pattern.quote("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img"),
                      -1)
                  .length
              - 1;
      assertThat(escaped).as(page).isGreaterThanOrEqualTo(a.decision() == null ? 24 : 22);
    }
    String problem = ApprovalPage.problem(HOSTILE, HOSTILE, HOSTILE);
    assertThat(problem).doesNotContain("<script>alert", "<img").contains("&lt;script&gt;");
  }

  @Test
  void decidedPage_shouldNameWhoDecided_andHaveNoForm() {
    Decision d =
        new Decision(
            "reject",
            "mona@acme.example",
            "latency too high",
            NOW,
            new Principal("arn:aws:iam::1:user/mona", "iam"),
            Decision.SENT);
    String page = ApprovalPage.approval(view(approval("", d), ""), null);

    assertThat(page)
        .contains("id=\"status\">rejected<", "Rejected by mona@acme.example")
        .contains("verified as</dt><dd>arn:aws:iam::1:user/mona (iam)")
        .contains("<span id=\"comment\">latency too high</span>")
        .contains("the release received the decision")
        .doesNotContain("<form");
  }

  @Test
  void expiredGate_shouldSayItClosed_andHaveNoForm() {
    ApprovalRequest a = approval("", null);
    String page =
        ApprovalPage.approval(
            new ApprovalPage.View(a, List.of(), null, null, a.expiresAt(), "?x", "t"), null);

    assertThat(page)
        .contains("id=\"status\">expired<", "The gate closed at")
        .doesNotContain("<form");
    assertThat(page).contains("Unknown: the configuration does not say.");
  }

  @Test
  void headers_shouldAllowOnlyThePagesOwnStyleAndScript_andForbidFraming() {
    String csp = ApprovalPage.HEADERS.get("Content-Security-Policy");

    assertThat(csp)
        .startsWith("default-src 'none'; style-src 'sha256-")
        .contains("script-src 'sha256-", "form-action 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe");
    assertThat(ApprovalPage.HEADERS)
        .containsEntry("X-Frame-Options", "DENY")
        .containsEntry("Cache-Control", "no-store")
        .containsEntry("Referrer-Policy", "same-origin")
        .containsEntry("Content-Type", "text/html; charset=utf-8");
    // no style attribute (the CSP would block it) and nothing from elsewhere
    String page = ApprovalPage.approval(view(approval("", null), ""), null);
    assertThat(page).doesNotContain(" style=\"", "src=\"http", "<link ", "@import", "url(");
    assertThat(ApprovalPage.REPORT_HEADERS.get("Content-Security-Policy")).startsWith("sandbox;");
  }

  @Test
  void clusterDiffs_shouldBeOpenWhileTheyFitTheBudget_andTheRestClosed() {
    String big = "--- /dev/null\n" + "+x\n".repeat(ApprovalPage.OPEN_LINES);
    ApprovalRequest a = approval("", null);
    String page =
        ApprovalPage.approval(
            new ApprovalPage.View(
                a,
                List.of(
                    new ApprovalPage.ClusterDiff("small", DIFF),
                    new ApprovalPage.ClusterDiff("big", big),
                    new ApprovalPage.ClusterDiff("small-too", DIFF)),
                null,
                List.of(),
                NOW,
                "?x",
                "t"),
            null);

    assertThat(page)
        .contains("<details class=\"cluster\" open><summary><h3 class=\"inline\">small</h3>")
        .contains("<details class=\"cluster\"><summary><h3 class=\"inline\">big</h3>")
        .contains("<details class=\"cluster\" open><summary><h3 class=\"inline\">small-too</h3>");
  }

  @Test
  void timeLeft_shouldBeReadableWithoutScript() {
    assertThat(ApprovalPage.left(Duration.ofSeconds(30))).isEqualTo("under a minute");
    assertThat(ApprovalPage.left(Duration.ofMinutes(12))).isEqualTo("12 min");
    assertThat(ApprovalPage.left(Duration.ofMinutes(3 * 1440 + 4 * 60 + 12)))
        .isEqualTo("3 d 4 h 12 min");
    assertThat(ApprovalPage.left(Duration.ZERO)).isEqualTo("none");
  }

  @Test
  void longDiffs_shouldBeCut_andSaySo() {
    StringBuilder text = new StringBuilder("--- live/x\n+++ rendered/x\n");
    for (int i = 0; i < ApprovalPage.MAX_DIFF_LINES + 10; i++) {
      text.append("+line ").append(i).append('\n');
    }
    StringBuilder b = new StringBuilder();
    ApprovalPage.cluster(b, new ApprovalPage.ClusterDiff("core-1", text.toString()), false);

    assertThat(b)
        .startsWith("<details class=\"cluster\"><summary>")
        .contains("… 12 more lines")
        .doesNotContain("+line " + (ApprovalPage.MAX_DIFF_LINES + 5));
  }

  @Test
  void html_shouldLinkOnlyHttpUrls() {
    assertThat(Html.href("https://x.example/a?b=1&c=2"))
        .isEqualTo("https://x.example/a?b=1&amp;c=2");
    assertThat(Html.href("javascript:alert(1)")).isEmpty();
    assertThat(Html.href(" JaVaScRiPt:alert(1)")).isEmpty();
    assertThat(Html.href("data:text/html,x")).isEmpty();
    assertThat(Html.href("https://x\n.example")).isEmpty();
    assertThat(Html.esc("a\u0000b\u001bc\td")).isEqualTo("abc\td");
  }
}
