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
 * and answers one GitHub push). It prints the median wall time of each and their ratio, and the
 * in-JVM phase time (class loading + init + first invocation, measured inside the child) with its
 * ratio to the same bare start.
 *
 * <p>System properties (set by cold-start.sh): {@code bench.javaHome} (the JDK of every measured
 * child, bare and invoke alike), {@code bench.jvmFlags}, {@code bench.appcds} (JDK 17+ dynamic
 * AppCDS archive), {@code bench.aot} (JDK 25+ AOT cache, JEP 483/514/515).
 *
 * <p>Run it with functions/webhook/bench/cold-start.sh; it is not a unit test.
 */
public final class ColdStartBench {
  /** One child JVM: wall time of the whole process, and the in-JVM times it printed (or -1). */
  record Run(long wallMs, long firstNanos, long phasesNanos) {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "bare" -> {}
      case "invoke" -> invoke(Path.of(args[1]), false);
      case "restored" -> invoke(Path.of(args[1]), true);
      default -> {
        try {
          orchestrate(args);
        } catch (IllegalArgumentException e) { // a knob the child JDK cannot honour: say so, no trace
          System.err.println("cold-start: " + e.getMessage());
          System.exit(2);
        }
      }
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
      Object wiring = Class.forName("dev.slipway.webhook.WebhookWiring").getMethod("instance").invoke(null);
      Runnable awsPriming =
          ((java.util.Optional<?>) wiring.getClass().getMethod("awsPriming").invoke(wiring))
              .map(Runnable.class::cast).orElseThrow();
      Class<?> priming = Class.forName("dev.slipway.webhook.Priming");
      var constructor = priming.getDeclaredConstructor(Class.forName("dev.slipway.webhook.ProxyHandler"), Runnable.class);
      constructor.setAccessible(true);
      Object resource = constructor.newInstance(handler, awsPriming);
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
    // the in-JVM phases together: from before Class.forName of the handler to after the first
    // response (includes the priming in a "restored" run; the bench reads it from "invoke" runs)
    System.err.printf("PHASES_NANOS=%d%n", t2 - t0);
  }

  static void orchestrate(String[] args) throws Exception {
    String jar = args[0];
    Path root = Path.of(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    String harness = Path.of(ColdStartBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    byte[] config = Files.readAllBytes(root.resolve("events/config/slipway.yaml"));
    Path event = root.resolve("events/webhooks/github/push.json");

    // TCP_NODELAY on the fake's sockets: the JDK server writes a response's headers and body
    // separately, and without it each call on a kept-alive connection waits ~40 ms for the
    // client's delayed ACK (Nagle). AWS's endpoints hold nothing back like that.
    System.setProperty("sun.net.httpserver.nodelay", "true");
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

    String javaHome = System.getProperty("bench.javaHome", "");
    String javaBin = Path.of(javaHome.isEmpty() ? System.getProperty("java.home") : javaHome, "bin", "java").toString();
    String version = javaVersion(javaBin);
    List<String> jvmFlags = Arrays.asList(System.getProperty("bench.jvmFlags", "").trim().split("\\s+"));
    List<String> flags = jvmFlags.size() == 1 && jvmFlags.get(0).isEmpty() ? List.of() : jvmFlags;
    List<String> bareFlags = flags; // the bare JVM gets the base flags, never an app archive or cache
    String cp = jar + java.io.File.pathSeparator + harness;
    List<String> invoke = List.of("-cp", cp, "ColdStartBench", "invoke", event.toString());
    List<String> restoredArgs = List.of("-cp", cp, "ColdStartBench", "restored", event.toString());
    List<String> bareArgs = List.of("-cp", harness, "ColdStartBench", "bare");
    String archiveNote = "";
    if (Boolean.getBoolean("bench.appcds")) {
      // AppCDS: a training run dumps the classes it loaded; measured runs map them from the archive
      Path archive = Files.createTempFile("slipway-webhook", ".jsa");
      Files.delete(archive);
      archive.toFile().deleteOnExit();
      List<String> training = new ArrayList<>(flags);
      training.add("-XX:ArchiveClassesAtExit=" + archive);
      run(javaBin, training, invoke, env);
      List<String> withArchive = new ArrayList<>(flags);
      withArchive.add("-XX:SharedArchiveFile=" + archive);
      flags = withArchive;
      archiveNote = "AppCDS archive " + Files.size(archive) / 1024 + " KiB";
    }
    if (Boolean.getBoolean("bench.aot")) {
      int feature = featureVersion(version);
      if (feature < 25) {
        throw new IllegalArgumentException("BENCH_AOT=1 needs a JDK 25 or later for the child JVMs (JEP 483/514), but "
            + javaBin + " is '" + version + "': set BENCH_JAVA_HOME to a JDK 25, e.g. /usr/lib/jvm/temurin-25-jdk-amd64");
      }
      Path cache = Files.createTempFile("slipway-webhook", ".aot");
      Files.delete(cache);
      cache.toFile().deleteOnExit();
      String how = trainAot(javaBin, flags, invoke, env, cache);
      List<String> withCache = new ArrayList<>(flags);
      withCache.add("-XX:AOTCache=" + cache);
      // once with AOTMode=on: the JVM refuses to start if it cannot use the cache, so the measured
      // runs (default AOTMode=auto, which would silently run without it) are known to use it
      List<String> check = new ArrayList<>(withCache);
      check.add("-XX:AOTMode=on");
      run(javaBin, check, invoke, env);
      flags = withCache;
      archiveNote = "AOT cache " + Files.size(cache) / 1024 + " KiB (" + how + "), verified with -XX:AOTMode=on";
    }
    Run[] bare = new Run[rounds];
    Run[] cold = new Run[rounds];
    Run[] restored = new Run[rounds];
    run(javaBin, bareFlags, bareArgs, env); // warm the OS file cache
    run(javaBin, flags, invoke, env);
    for (int i = 0; i < rounds; i++) {
      bare[i] = run(javaBin, bareFlags, bareArgs, env);
      cold[i] = run(javaBin, flags, invoke, env);
      restored[i] = run(javaBin, flags, restoredArgs, env);
    }
    long b = median(bare, r -> r.wallMs() * 1_000_000) / 1_000_000;
    long c = median(cold, r -> r.wallMs() * 1_000_000) / 1_000_000;
    long phases = median(cold, Run::phasesNanos) / 1_000_000;
    long primed = median(restored, Run::firstNanos) / 1_000_000;
    System.out.printf("child JVM            : %s (%s)%n", version, javaBin);
    System.out.printf("JVM flags            : %s%n", flags.isEmpty() ? "(none)" : String.join(" ", flags).replaceAll("=\\S*slipway-webhook\\S*\\.(jsa|aot)", "=<$1>"));
    if (!archiveNote.isEmpty()) {
      System.out.printf("archive              : %s; the bare JVM runs without it%n", archiveNote);
    }
    System.out.printf("rounds               : %d (medians below)%n", rounds);
    System.out.printf("bare JVM start       : %d ms  (whole process: start to exit of a JVM that loads one class)%n", b);
    System.out.printf("webhook cold start   : %d ms  (whole process: JVM start + class loading + init + first invocation, StartExecution against a local fake, exit)%n", c);
    System.out.printf("load+init+first      : %d ms  (inside the child: before Class.forName of the handler to after the first response)%n", phases);
    System.out.printf("ratio whole process  : %.2fx  (webhook cold start / bare start; target <= 2x)%n", (double) c / b);
    System.out.printf("ratio load+init+first: %.2fx  (load+init+first / bare start; target <= 2x)%n", (double) phases / b);
    System.out.printf("primed first request : %d ms  (after the SnapStart priming ran in the same JVM: what a restored snapshot still has to do)%n", primed);
    System.out.printf("primed ratio         : %.2fx  (vs the bare JVM start)%n", (double) primed / b);
  }

  /** JDK 25's one-step training (AOTCacheOutput); the two-step record/create form if that fails. */
  static String trainAot(String javaBin, List<String> flags, List<String> invoke, Map<String, String> env, Path cache)
      throws IOException, InterruptedException {
    List<String> oneStep = new ArrayList<>(flags);
    oneStep.add("-XX:AOTCacheOutput=" + cache);
    try {
      run(javaBin, oneStep, invoke, env);
      if (Files.isRegularFile(cache) && Files.size(cache) > 0) {
        return "one step: -XX:AOTCacheOutput";
      }
    } catch (IllegalStateException e) {
      System.err.println("cold-start: -XX:AOTCacheOutput failed, trying -XX:AOTMode=record/create: " + e.getMessage());
    }
    Path conf = Path.of(cache + "conf");
    conf.toFile().deleteOnExit();
    List<String> record = new ArrayList<>(flags);
    record.addAll(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + conf));
    run(javaBin, record, invoke, env);
    List<String> create = new ArrayList<>(flags);
    create.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + conf, "-XX:AOTCache=" + cache));
    run(javaBin, create, invoke, env);
    Files.deleteIfExists(conf);
    return "two steps: -XX:AOTMode=record, -XX:AOTMode=create";
  }

  /** The first line of {@code java -version}, e.g. {@code openjdk version "25.0.1" 2025-10-21}. */
  static String javaVersion(String javaBin) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(javaBin, "-version").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(javaBin + " -version failed: " + err);
    }
    return err.lines().findFirst().orElse("?").trim();
  }

  /** 25 for {@code openjdk version "25.0.1"}, 17 for "17.0.15", 1 for "1.8.0" (old enough). */
  static int featureVersion(String versionLine) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(\\d+)").matcher(versionLine);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  static Run run(String javaBin, List<String> flags, List<String> args, Map<String, String> env) throws IOException, InterruptedException {
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
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (rc != 0) {
      throw new IllegalStateException("child failed (" + rc + "): " + String.join(" ", cmd) + "\n" + err);
    }
    return new Run(ms, nanos(err, "FIRST_NANOS"), nanos(err, "PHASES_NANOS"));
  }

  static long nanos(String stderr, String key) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(key + "=(\\d+)").matcher(stderr);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  static long median(Run[] runs, java.util.function.ToLongFunction<Run> value) {
    long[] v = Arrays.stream(runs).mapToLong(value).toArray();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
