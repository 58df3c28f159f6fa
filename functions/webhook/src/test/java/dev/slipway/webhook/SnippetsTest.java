package dev.slipway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.webhook.Fakes.World;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The notification snippets in docs/webhooks.md, run as written (bash, jq, openssl, curl) against
 * the real service over HTTP: the documentation's signatures are the ones Slipway accepts.
 */
class SnippetsTest {
  static final Path DOC = Path.of("../../docs/webhooks.md");
  final World world = new World();
  HttpServer server;

  @BeforeEach
  void serve() throws Exception {
    world.clock.set(Instant.now());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Map<String, String> headers = new HashMap<>();
          exchange
              .getRequestHeaders()
              .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
          HttpRequest request =
              new HttpRequest(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  headers,
                  Map.of(),
                  exchange.getRequestBody().readAllBytes(),
                  "snippet");
          HttpResponse response = world.service.handle(request);
          byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(response.status(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  static String snippet(String name) throws Exception {
    String doc = Files.readString(DOC);
    Matcher m =
        Pattern.compile(
                "<!-- snippet: " + name + " -->\\s*```\\w+\\n(.*?)```\\s*<!-- /snippet -->",
                Pattern.DOTALL)
            .matcher(doc);
    assertThat(m.find()).as("snippet " + name + " in " + DOC).isTrue();
    return m.group(1);
  }

  String run(String script, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().put("SLIPWAY_URL", "http://127.0.0.1:" + server.getAddress().getPort());
    pb.environment().put("SLIPWAY_SECRET", Fakes.SECRET);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  @Test
  @DisplayName("the Jenkinsfile post { success } step starts a release")
  void jenkinsfile() throws Exception {
    String groovy = snippet("jenkinsfile");
    Matcher sh = Pattern.compile("sh '''\\n(.*?)'''", Pattern.DOTALL).matcher(groovy);
    assertThat(sh.find()).isTrue();

    String out =
        run(
            sh.group(1),
            Map.of(
                "JOB_NAME", "checkout",
                "BUILD_NUMBER", "142",
                "BUILD_URL", "https://jenkins.acme.example/job/checkout/142/",
                "GIT_URL", "https://github.com/acme/checkout.git",
                "GIT_BRANCH", "origin/main",
                "GIT_COMMIT", "9f2c1e4b7a3d5c6e8f0a1b2c3d4e5f6a7b8c9d0e"));

    assertThat(Fakes.read(out).path("status").asText()).as(out).isEqualTo("started");
    JsonNode input = world.sfn.onlyInput();
    assertThat(input.path("app").asText()).isEqualTo("checkout");
    assertThat(input.path("build_num").asText()).isEqualTo("142");
    assertThat(input.path("git_branch").asText()).isEqualTo("main");
  }

  @Test
  @DisplayName("the GitHub Actions step starts a release")
  void githubActions() throws Exception {
    String yaml = snippet("github-actions");
    List<String> lines = yaml.lines().toList();
    int run =
        lines.indexOf(
            lines.stream().filter(l -> l.trim().equals("run: |")).findFirst().orElseThrow());
    String indent = lines.get(run + 1).replaceAll("\\S.*", "");
    String script =
        lines.subList(run + 1, lines.size()).stream()
            .map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l)
            .collect(Collectors.joining("\n"));

    String out =
        run(
            script,
            Map.of(
                "APP", "checkout",
                "REPO_URL", "https://github.com/acme/checkout",
                "BRANCH", "release/2.4",
                "BUILD", "77",
                "COMMIT", "c0ffee254729296a45a3885639ac7b10f9d54979",
                "MESSAGE", "CHK-9 \"quoted\" $(not run) message",
                "RUNTIME_IMAGE", "123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout:77",
                "RUN_URL", "https://github.com/acme/checkout/actions/runs/1"));

    assertThat(Fakes.read(out).path("status").asText()).as(out).isEqualTo("started");
    JsonNode input = world.sfn.onlyInput();
    assertThat(input.path("ticket").asText()).isEqualTo("CHK-9");
    assertThat(input.path("images").path("runtime").asText()).endsWith("checkout:77");
  }

  @Test
  @DisplayName("the generic build event, signed and posted with openssl and curl, starts a release")
  void buildEvent() throws Exception {
    String out = run(snippet("build-event"), Map.of("SECRET", Fakes.SECRET));

    assertThat(Fakes.read(out).path("status").asText()).as(out).isEqualTo("started");
    JsonNode input = world.sfn.onlyInput();
    assertThat(input.path("app").asText()).isEqualTo("checkout");
    assertThat(input.path("build_num").asText()).isEqualTo("142");
    assertThat(input.path("images").path("runtime").asText()).endsWith("checkout:142");
  }
}
