package dev.slipway.local.cli;

import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.JsonSupport;
import dev.slipway.local.executor.LocalExecutor;
import dev.slipway.model.TerminalStepException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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

/**
 * {@code slipway execute}: runs any ASL definition on this machine and prints {@code {"status",
 * "output"|"error","cause"[, "history"]}}. Exit 0 whenever the execution ran.
 */
@Command(
    name = "execute",
    description = {
      "Run a Step Functions state machine (ASL JSON) locally, Lambda tasks bound to in-process"
          + " Java handlers.",
      "Prints {\"status\", \"output\" | \"error\", \"cause\"} (and \"history\" with --history);"
          + " exits 0 when the execution ran, whatever its status."
    })
final class ExecuteCommand implements Callable<Integer> {

  @Option(
      names = "--definition",
      required = true,
      paramLabel = "ASL.json",
      description = "the state machine definition")
  Path definition;

  @Option(
      names = "--input",
      paramLabel = "INPUT.json",
      description = "the execution input (default {}; '-' reads stdin)")
  Path input;

  @Option(
      names = "--function",
      paramLabel = "NAME=CLASS",
      description =
          "bind a function (name, ARN function part or ${Placeholder}) to a handler class; repeatable")
  List<String> functions = new ArrayList<>();

  @Option(
      names = "--functions",
      paramLabel = "FILE",
      description = "a properties file of NAME=CLASS bindings")
  Path functionsFile;

  @Option(
      names = "--classpath",
      paramLabel = "PATHS",
      description = "extra jars/directories for handler classes (':'-separated)")
  String classpath;

  @Option(
      names = "--mock-config",
      paramLabel = "FILE",
      description = "Step Functions Local mock config file")
  Path mockConfig;

  @Option(names = "--test-case", paramLabel = "NAME", description = "the mock config's test case")
  String testCase;

  @Option(
      names = "--substitution",
      paramLabel = "KEY=VALUE",
      description =
          "${KEY} in the definition becomes VALUE (CDK definitionSubstitutions); repeatable")
  List<String> substitutions = new ArrayList<>();

  @Option(
      names = "--name",
      paramLabel = "EXECUTION_NAME",
      description = "the execution name (default: a UUID)")
  String name;

  @Option(
      names = "--state-machine-name",
      paramLabel = "NAME",
      defaultValue = "LocalStateMachine",
      description = "the state machine name (default ${DEFAULT-VALUE})")
  String stateMachineName;

  @Option(
      names = "--region",
      defaultValue = "us-east-1",
      description = "region in ARNs (default ${DEFAULT-VALUE})")
  String region;

  @Option(
      names = "--account-id",
      paramLabel = "ID",
      defaultValue = "123456789012",
      description = "account in ARNs (default ${DEFAULT-VALUE})")
  String accountId;

  @Option(
      names = "--role-arn",
      paramLabel = "ARN",
      description = "the execution role ARN in the context object")
  String roleArn;

  @Option(
      names = "--clock",
      paramLabel = "virtual|real",
      defaultValue = "virtual",
      description = "virtual: Wait and retry back-off take no time (default); real: they do")
  String clock;

  @Option(names = "--history", description = "also print the execution history")
  boolean history;

  @Option(
      names = "--task-tokens",
      paramLabel = "stdin",
      description =
          "answer .waitForTaskToken tasks from stdin: 'success TOKEN JSON', 'failure TOKEN [ERROR [CAUSE]]', 'heartbeat TOKEN'")
  String taskTokens;

  @Override
  public Integer call() throws IOException {
    if (!clock.equals("virtual") && !clock.equals("real")) {
      throw new TerminalStepException(
          "Slipway.Cli.BadOption", "--clock is 'virtual' or 'real', not '" + clock + "'");
    }
    if ((mockConfig == null) != (testCase == null)) {
      throw new TerminalStepException(
          "Slipway.Cli.BadOption", "--mock-config and --test-case go together: give both");
    }
    String def = Files.readString(definition);
    String in =
        input == null
            ? "{}"
            : input.toString().equals("-")
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(input);
    ClassLoader loader = FunctionRegistry.loader(classpath);
    LocalExecutor.Builder b =
        LocalExecutor.builder()
            .classLoader(loader)
            .stateMachineName(stateMachineName)
            .region(region)
            .accountId(accountId)
            .realTime(clock.equals("real"));
    if (roleArn != null) {
      b.roleArn(roleArn);
    }
    FunctionRegistry.builtIn().forEach(b::functionClass);
    if (functionsFile != null) {
      FunctionRegistry.read(functionsFile).forEach(b::functionClass);
    }
    for (String f : functions) {
      Map.Entry<String, String> e = FunctionRegistry.pair("--function", f);
      b.functionClass(e.getKey(), e.getValue());
    }
    for (String s : substitutions) {
      Map.Entry<String, String> e = FunctionRegistry.pair("--substitution", s);
      b.substitution(e.getKey(), e.getValue());
    }
    if (mockConfig != null) {
      b.mockConfig(Files.readString(mockConfig), testCase);
    }
    boolean stdinTokens = "stdin".equals(taskTokens);
    if (taskTokens != null && !stdinTokens) {
      throw new TerminalStepException("Slipway.Cli.BadOption", "--task-tokens takes 'stdin'");
    }
    if (stdinTokens) {
      b.callbackGrace(Duration.ofDays(1));
    }
    LocalExecutor executor = b.build();
    Execution e = executor.start(def, in, name == null ? UUID.randomUUID().toString() : name);
    if (stdinTokens) {
      answerFromStdin(executor, e);
    }
    e.await(Duration.ofDays(365));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println(JsonSupport.compact(e.toJson(history)));
    return 0;
  }

  private static void answerFromStdin(LocalExecutor executor, Execution e) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (e.status() == dev.slipway.local.executor.ExecutionStatus.RUNNING) {
      for (String t : executor.taskTokens().waiting()) {
        System.err.println("slipway: a task waits for token " + t);
      }
      String line = r.readLine();
      if (line == null) {
        return;
      }
      String[] p = line.trim().split("\\s+", 3);
      try {
        switch (p[0]) {
          case "success" -> executor.taskTokens().sendTaskSuccess(p[1], p.length > 2 ? p[2] : "{}");
          case "failure" -> {
            String[] ec = p.length > 2 ? p[2].split("\\s+", 2) : new String[0];
            executor
                .taskTokens()
                .sendTaskFailure(p[1], ec.length > 0 ? ec[0] : null, ec.length > 1 ? ec[1] : null);
          }
          case "heartbeat" -> executor.taskTokens().sendTaskHeartbeat(p[1]);
          default ->
              System.err.println(
                  "slipway: say 'success TOKEN JSON', 'failure TOKEN [ERROR [CAUSE]]' or 'heartbeat TOKEN'");
        }
      } catch (RuntimeException ex) {
        System.err.println("slipway: " + ex.getMessage());
      }
      e.await(Duration.ofMillis(100));
    }
  }
}
