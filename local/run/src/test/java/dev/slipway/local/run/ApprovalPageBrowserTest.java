package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slipway.approvals.ApprovalLinks;
import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.Json;
import java.io.File;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The approval page in a real browser (Debian's {@code chromium} and {@code chromedriver},
 * headless, driven by Selenium): {@code slipway up --approvals manual} starts a release from a
 * signed push, its gate prints the link, and a person opens it, reads the checks and the diff, and
 * decides. Screenshots of every page go to {@code target/approval-page/}.
 *
 * <p>Skipped (a JUnit assumption, with the reason) only when chromium or chromedriver is not
 * installed; {@code ./run-tests} installs both.
 */
class ApprovalPageBrowserTest {
  static final Path SHOTS = Path.of("target", "approval-page");
  static final Pattern OPEN = Pattern.compile("open in a browser: (\\S+)");

  private static Path chromium;
  private static Path chromedriver;

  private final LocalUpApiTest api = new LocalUpApiTest();
  private WebDriver browser;

  @BeforeAll
  static void browserInstalled() {
    chromium = onPath("chromium").orElse(null);
    chromedriver = onPath("chromedriver").orElse(null);
    assumeTrue(
        chromium != null && chromedriver != null,
        "skipped: the approval page's browser test needs Debian's chromium and chromium-driver"
            + " (apt-get install chromium chromium-driver; ./run-tests installs them); found"
            + " chromium: "
            + chromium
            + ", chromedriver: "
            + chromedriver);
  }

  @BeforeEach
  void open() throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--lang=en-US");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).build();
    browser = new ChromeDriver(service, options);
    Files.createDirectories(SHOTS);
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.quit();
    }
    api.down();
  }

  @Test
  void approveInTheBrowser_shouldShowTheDiffAndChecks_andTheReleaseSucceeds() throws Exception {
    api.up(LocalUp.Approvals.MANUAL);
    String arn = api.startRelease();
    String link = api.awaitProgress(OPEN).group(1);

    browser.get(link);
    // the top of the page as a person first sees it (docs/approval-page.png)
    browser.manage().window().setSize(new Dimension(1100, 1250));
    Files.copy(
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
        SHOTS.resolve("first-screen.png"),
        StandardCopyOption.REPLACE_EXISTING);
    screenshot("pending");

    assertThat(text("h1")).contains("checkout build", "→ prod", "PENDING");
    assertThat(text("#checks")).contains("manifests-valid", "PASS", "clusters-reachable");
    assertThat(text("#diff")).contains("What changes", "created", "core-1");
    assertThat(browser.findElements(By.cssSelector("#diff pre.diff span.add"))).isNotEmpty();
    assertThat(text("#waves")).contains("core", "edge");
    // the only script ran (the page's CSP allows exactly it) and the only style applies
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(b -> text("#time-left").matches("(\\d+ d )?\\d\\d:\\d\\d:\\d\\d left"));
    assertThat(browser.findElement(By.id("approve")).getCssValue("background-color"))
        .isIn("rgba(19, 115, 51, 1)", "rgb(19, 115, 51)");

    browser.findElement(By.id("by")).sendKeys("mona@acme.example");
    browser.findElement(By.id("comment")).sendKeys("diff reviewed");
    browser.findElement(By.id("approve")).click();
    awaitOutcome("approved");

    assertThat(text("#outcome")).isEqualTo("Approved by mona@acme.example");
    assertThat(text("#notice")).contains("Approved: your decision is recorded");
    Execution execution = api.awaitEnd(arn);
    assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    // the page of a decided gate says so, and deciding again is refused with its own page
    browser.get(link);
    assertThat(text("#status")).isEqualTo("APPROVED");
    assertThat(browser.findElements(By.id("decide"))).isEmpty();
  }

  @Test
  void rejectWithAComment_shouldRecordIt_andBadOrExpiredLinksShowTheirPages() throws Exception {
    LocalUp up = api.up(LocalUp.Approvals.MANUAL);
    String arn = api.startRelease();
    String link = api.awaitProgress(OPEN).group(1);

    browser.get(link.replaceAll("sig=[0-9a-f]{2}", "sig=00"));
    screenshot("tampered");
    assertThat(text("h1")).isEqualTo("This link is not valid");

    Map<String, String> q = query(link);
    String id = URI.create(link).getPath().replaceFirst(".*/approvals/", "");
    String expired =
        ApprovalLinks.link(
            up.api().uri().toString(),
            LocalUp.TEST_SECRET,
            id,
            q.get("app"),
            q.get("build"),
            Instant.now().minusSeconds(60));
    browser.get(expired);
    screenshot("expired");
    assertThat(text("h1")).isEqualTo("This approval link has expired");
    assertThat(browser.findElements(By.id("decide"))).isEmpty();

    browser.get(link);
    browser.findElement(By.id("by")).sendKeys("bob@acme.example");
    browser.findElement(By.id("comment")).sendKeys("p99 latency <too> high");
    browser.findElement(By.id("reject")).click();
    awaitOutcome("rejected");

    assertThat(text("#outcome")).isEqualTo("Rejected by bob@acme.example");
    assertThat(text("#comment")).isEqualTo("p99 latency <too> high");
    Execution execution = api.awaitEnd(arn);
    assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.error()).isEqualTo("Slipway.Approval.Rejected");
    assertThat(execution.cause()).isEqualTo("rejected by bob@acme.example: p99 latency <too> high");
    String key =
        up.environment().store().list("artifacts/checkout/").stream()
            .filter(k -> k.endsWith("/approvals/" + id + ".json"))
            .findFirst()
            .orElseThrow();
    ApprovalRequest recorded =
        Json.mapper().readValue(up.environment().store().get(key).body(), ApprovalRequest.class);
    assertThat(recorded.decision().comment()).isEqualTo("p99 latency <too> high");
  }

  /** Waits for the outcome page, and saves it as {@code name}.png (or what came instead). */
  private void awaitOutcome(String name) throws Exception {
    try {
      new WebDriverWait(browser, Duration.ofSeconds(30))
          .until(b -> !b.findElements(By.id("outcome")).isEmpty());
    } catch (org.openqa.selenium.TimeoutException e) {
      screenshot(name + "-instead");
      throw new AssertionError(
          "no outcome page; the browser shows:\n"
              + text("body")
              + "\nup's output:\n"
              + api.progress(),
          e);
    }
    screenshot(name);
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  /** Saves the whole page (the window grown to its height) as {@code name}.png. */
  private void screenshot(String name) throws Exception {
    long height =
        ((Number)
                ((JavascriptExecutor) browser)
                    .executeScript("return document.documentElement.scrollHeight"))
            .longValue();
    browser
        .manage()
        .window()
        .setSize(new Dimension(1280, (int) Math.min(Math.max(height, 400), 6000)));
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static Map<String, String> query(String link) {
    Map<String, String> q = new HashMap<>();
    for (String pair : URI.create(link).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      q.put(
          pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  private static Optional<Path> onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, command))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
