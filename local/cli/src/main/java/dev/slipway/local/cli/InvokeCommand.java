package dev.slipway.local.cli;

import dev.slipway.local.executor.HandlerFailure;
import dev.slipway.local.executor.JsonSupport;
import dev.slipway.local.executor.LambdaRuntime;
import dev.slipway.local.executor.LocalContext;
import dev.slipway.model.SlipwayException;
import dev.slipway.model.TerminalStepException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway invoke FUNCTION --event FILE}: runs one handler on one event, as {@code sam local
 * invoke} does, and prints its response (or the Lambda runtime's error payload, exit 1).
 */
@Command(
    name = "invoke",
    description = {
      "Run one Lambda handler on one event, like 'sam local invoke', and print its response.",
      "FUNCTION is a name from slipway-functions.properties or a handler class name.",
      "A handler error prints the Lambda runtime's error payload and exits 1."
    })
final class InvokeCommand implements Callable<Integer> {
  static final int FUNCTION_ERROR = 1;
  static final String NOT_CONFIGURED = "Slipway.Cli.FunctionNotConfigured";

  @Parameters(index = "0", paramLabel = "FUNCTION", description = "function name or handler class")
  String function;

  @Option(names = "--event", required = true, paramLabel = "FILE", description = "the event (JSON)")
  Path event;

  @Option(
      names = "--env",
      paramLabel = "KEY=VALUE",
      description = "environment variable for the handler (runs it in a child JVM); repeatable")
  List<String> env = new ArrayList<>();

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description =
          "KEY=VALUE lines (# comments) added to --env, e.g. the file 'slipway up' writes")
  Path envFile;

  @Option(
      names = "--classpath",
      paramLabel = "PATHS",
      description = "extra jars/directories for the handler class")
  String classpath;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "900",
      description = "the function timeout the Context reports (default ${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Override
  public Integer call() throws IOException, InterruptedException {
    byte[] payload = Files.readAllBytes(event);
    String className = FunctionRegistry.builtIn().getOrDefault(function, function);
    if (envFile != null) {
      for (String line : Files.readAllLines(envFile, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && !line.strip().startsWith("#")) {
          env.add(line.strip());
        }
      }
    }
    if (!env.isEmpty()) {
      return inChildJvm();
    }
    Object handler = handler(className);
    String name = function.contains(".") ? handler.getClass().getSimpleName() : function;
    LocalContext ctx =
        new LocalContext(
            UUID.randomUUID().toString(),
            name,
            "arn:aws:lambda:us-east-1:123456789012:function:" + name,
            Duration.ofSeconds(timeoutSeconds),
            System.err::println);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try {
      byte[] response = LambdaRuntime.invoke(handler, payload, ctx);
      out.println(new String(response, StandardCharsets.UTF_8));
      return 0;
    } catch (HandlerFailure f) {
      out.println(JsonSupport.compact(f.payload()));
      System.err.println(
          "slipway: " + function + " failed with " + f.errorType() + ": " + f.errorMessage());
      return FUNCTION_ERROR;
    }
  }

  /**
   * Builds the handler with its public no-arg constructor, as Lambda does. A class that exists but
   * whose constructor fails (a setting missing from the environment) is not an unknown function:
   * the error says what the constructor said, and how to give a function its settings.
   */
  private Object handler(String className) {
    Class<?> c;
    try {
      c = Class.forName(className, true, FunctionRegistry.loader(classpath));
    } catch (ClassNotFoundException | LinkageError e) {
      throw unknown(
          "handler class "
              + className
              + " is not on the classpath (add its jar or directory with --classpath)");
    }
    try {
      return LambdaRuntime.instantiate(c);
    } catch (IllegalArgumentException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ExceptionInInitializerError init && init.getCause() != null) {
        cause = init.getCause();
      }
      if (cause == null || cause instanceof ReflectiveOperationException) {
        throw unknown(e.getMessage());
      }
      throw new TerminalStepException(
          NOT_CONFIGURED,
          "'"
              + function
              + "' ("
              + className
              + ") cannot start with this environment: "
              + (cause instanceof SlipwayException s
                  ? s.getMessage()
                  : cause.getClass().getSimpleName() + ": " + cause.getMessage())
              + ". Give the function its settings with --env KEY=VALUE or --env-file FILE; 'slipway"
              + " up' writes them for every function to .slipway/local.env: slipway invoke "
              + function
              + " --event F --env-file .slipway/local.env");
    }
  }

  private TerminalStepException unknown(String why) {
    return new TerminalStepException(
        "Slipway.Cli.UnknownFunction",
        "'"
            + function
            + "' is neither a function in slipway-functions.properties ("
            + (FunctionRegistry.builtIn().isEmpty()
                ? "none registered yet"
                : String.join(", ", FunctionRegistry.builtIn().keySet()))
            + ") nor a usable handler class: "
            + why);
  }

  /** The handler's constructor reads the environment, so it runs in a JVM that has it. */
  private int inChildJvm() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(SlipwayCli.class.getName());
    cmd.add("invoke");
    cmd.add(function);
    cmd.add("--event");
    cmd.add(event.toAbsolutePath().toString());
    cmd.add("--timeout");
    cmd.add(String.valueOf(timeoutSeconds));
    if (classpath != null) {
      cmd.add("--classpath");
      cmd.add(classpath);
    }
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .redirectInput(ProcessBuilder.Redirect.INHERIT);
    for (String e : env) {
      Map.Entry<String, String> kv = FunctionRegistry.pair("--env", e);
      pb.environment().put(kv.getKey(), kv.getValue());
    }
    Process p = pb.start();
    try (var childOut = p.getInputStream()) {
      childOut.transferTo(System.out);
    }
    System.out.flush();
    return p.waitFor();
  }
}
