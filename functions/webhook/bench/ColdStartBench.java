import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cold start of the webhook function, next to a bare JVM start, in the same run.
 *
 * <p>The parent process serves fake S3 (the configuration), Secrets Manager (the webhook secret)
 * and Step Functions (StartExecution) on a loopback port, then starts fresh JVMs, alternating:
 * {@code bare} (a JVM that loads one class and exits) and {@code invoke} (a JVM that builds the
 * handler with its public no-arg constructor from environment variables, exactly as Lambda does,
 * and answers one GitHub push). It prints the median wall time of each and their ratio.
 *
 * <p>Run it with functions/webhook/bench/cold-start.sh; it is not a unit test.
 */
public final class ColdStartBench {
  static long lastFirstNanos;

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "bare" -> {}
      case "invoke" -> invoke(Path.of(args[1]), false);
      case "restored" -> invoke(Path.of(args[1]), true);
      default -> orchestrate(args);
    }
  }

  /** One cold invocation: class loading, init (the no-arg constructor), first request. */
  static void invoke(Path event, boolean primed) throws Exception {
    long t0 = System.nanoTime();
    Class<?> type = Class.forName("dev.slipway.webhook.WebhookHandler");
    Object handler = type.getConstructor().newInstance();
    if (primed) {
      // what SnapStart does before the snapshot: the handler's CRaC resource (Priming) runs
      // beforeCheckpoint. org.crac's global context cannot be triggered without a CRaC JVM, so the
      // bench builds the same resource and calls it.
      Object config = Class.forName("dev.slipway.webhook.WebhookConfig").getMethod("fromEnvironment").invoke(null);
      Object wired = Class.forName("dev.slipway.webhook.aws.AwsWiring")
          .getMethod("wire", config.getClass()).invoke(null, config);
      Runnable sdkPriming = (Runnable) wired.getClass().getMethod("sdkPriming").invoke(wired);
      Class<?> priming = Class.forName("dev.slipway.webhook.Priming");
      var constructor = priming.getDeclaredConstructor(Class.forName("dev.slipway.webhook.ProxyHandler"), Runnable.class);
      constructor.setAccessible(true);
      Object resource = constructor.newInstance(handler, sdkPriming);
      Method before = priming.getMethod("beforeCheckpoint", Class.forName("org.crac.Context"));
      before.setAccessible(true);
      before.invoke(resource, new Object[] {null});
    }
    long t1 = System.nanoTime();
    Method handle = type.getMethod("handleRequest", java.io.InputStream.class, java.io.OutputStream.class,
        Class.forName("com.amazonaws.services.lambda.runtime.Context"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handle.invoke(handler, new ByteArrayInputStream(Files.readAllBytes(event)), out, null);
    long t2 = System.nanoTime();
    String response = out.toString(StandardCharsets.UTF_8);
    if (!response.contains("\"statusCode\":202")) {
      System.err.println("unexpected response: " + response);
      System.exit(3);
    }
    System.err.printf("init=%d first=%d%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    System.err.printf("FIRST_NANOS=%d%n", t2 - t1);
  }

  static void orchestrate(String[] args) throws Exception {
    String jar = args[0];
    Path root = Path.of(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    String harness = Path.of(ColdStartBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    byte[] config = Files.readAllBytes(root.resolve("events/config/slipway.yaml"));
    Path event = root.resolve("events/webhooks/github/push.json");

    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      byte[] body;
      if (target.startsWith("secretsmanager.")) {
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        body = "{\"Name\":\"slipway/webhooks\",\"SecretString\":\"{\\\"github\\\":\\\"slipway-test-secret\\\"}\"}".getBytes(StandardCharsets.UTF_8);
      } else if (target.startsWith("AWSStepFunctions.")) {
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        body = "{\"executionArn\":\"arn:aws:states:us-east-1:123456789012:execution:slipway-release:bench\",\"startDate\":1.7957412E9}".getBytes(StandardCharsets.UTF_8);
      } else {
        exchange.getResponseHeaders().add("ETag", "\"bench\"");
        body = config;
      }
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      measure(jar, root, rounds, harness, event, server);
    } finally {
      server.stop(0);
    }
  }

  static void measure(String jar, Path root, int rounds, String harness, Path event, HttpServer server) throws Exception {
    String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
    Map<String, String> env = new HashMap<>();
    env.put("SLIPWAY_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:123456789012:stateMachine:slipway-release");
    env.put("SLIPWAY_BUCKET", "slipway-bench");
    env.put("AWS_REGION", "us-east-1");
    env.put("SLIPWAY_AWS_ENDPOINT", endpoint);

    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> jvmFlags = Arrays.asList(System.getProperty("bench.jvmFlags", "").trim().split("\\s+"));
    List<String> flags = jvmFlags.size() == 1 && jvmFlags.get(0).isEmpty() ? List.of() : jvmFlags;
    List<String> bareFlags = flags;
    if (Boolean.getBoolean("bench.appcds")) {
      // AppCDS: a training run dumps the classes it loaded; measured runs map them from the archive
      Path archive = Files.createTempFile("slipway-webhook", ".jsa");
      Files.delete(archive);
      List<String> training = new ArrayList<>(flags);
      training.add("-XX:ArchiveClassesAtExit=" + archive);
      run(javaBin, training, List.of("-cp", jar + java.io.File.pathSeparator + harness, "ColdStartBench", "invoke", event.toString()), env);
      List<String> withArchive = new ArrayList<>(flags);
      withArchive.add("-XX:SharedArchiveFile=" + archive);
      flags = withArchive;
      archive.toFile().deleteOnExit();
    }
    long[] bare = new long[rounds];
    long[] cold = new long[rounds];
    long[] restored = new long[rounds];
    run(javaBin, flags, List.of("-cp", harness, "ColdStartBench", "bare"), env); // warm the OS file cache
    run(javaBin, flags, List.of("-cp", jar + java.io.File.pathSeparator + harness, "ColdStartBench", "invoke", event.toString()), env);
    for (int i = 0; i < rounds; i++) {
      bare[i] = run(javaBin, bareFlags, List.of("-cp", harness, "ColdStartBench", "bare"), env);
      cold[i] = run(javaBin, flags, List.of("-cp", jar + java.io.File.pathSeparator + harness, "ColdStartBench", "invoke", event.toString()), env);
      run(javaBin, flags, List.of("-cp", jar + java.io.File.pathSeparator + harness, "ColdStartBench", "restored", event.toString()), env);
      restored[i] = lastFirstNanos / 1_000_000;
    }
    long b = median(bare);
    long c = median(cold);
    System.out.printf("JVM flags            : %s%n", flags.isEmpty() ? "(none)" : String.join(" ", flags).replaceAll("=\\S*slipway-webhook\\S*\\.jsa", "=<archive>"));
    System.out.printf("rounds               : %d (medians below)%n", rounds);
    System.out.printf("bare JVM start       : %d ms%n", b);
    System.out.printf("webhook cold start   : %d ms  (class loading + init + first invocation, StartExecution against a local fake)%n", c);
    System.out.printf("ratio                : %.2fx  (target <= 2x)%n", (double) c / b);
    long r = median(restored);
    System.out.printf("primed first request : %d ms  (after the SnapStart priming ran in the same JVM: what a restored snapshot still has to do)%n", r);
    System.out.printf("primed ratio         : %.2fx  (vs the bare JVM start)%n", (double) r / b);
  }

  static long run(String javaBin, List<String> flags, List<String> args, Map<String, String> env) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBin);
    cmd.addAll(flags);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(env);
    pb.redirectErrorStream(false);
    long t0 = System.nanoTime();
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("FIRST_NANOS=(\\d+)").matcher(err);
    if (m.find()) {
      lastFirstNanos = Long.parseLong(m.group(1));
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (rc != 0) {
      throw new IllegalStateException("child failed (" + rc + "): " + String.join(" ", cmd) + "\n" + err);
    }
    return ms;
  }

  static long median(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
