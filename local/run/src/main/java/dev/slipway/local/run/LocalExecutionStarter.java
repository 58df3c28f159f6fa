package dev.slipway.local.run;

import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.local.executor.LocalExecutor;
import dev.slipway.model.TerminalStepException;
import dev.slipway.webhook.ExecutionStarter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * StartExecution on the local executor, in process (the webhook's {@link ExecutionStarter}) and for
 * {@link LocalAwsEndpoint}: an execution name is started once, as Step Functions does for a name
 * within 90 days.
 */
public final class LocalExecutionStarter implements ExecutionStarter, AutoCloseable {
  /** The error a name already taken by another execution raises (Step Functions' code). */
  public static final String ALREADY_EXISTS = "Slipway.Executor.ExecutionAlreadyExists";

  /** An execution this starter started, with the input it was started with. */
  public record Begun(Execution execution, String input) {}

  private final LocalExecutor executor;
  private final String definition;
  private final Map<String, Begun> byName = new ConcurrentHashMap<>();
  private final Map<String, Begun> byArn = new ConcurrentHashMap<>();

  public LocalExecutionStarter(LocalExecutor executor, String definition) {
    this.executor = executor;
    this.definition = definition;
  }

  /**
   * The webhook's start: returns once the execution has settled (ended, or waits for an approval;
   * virtual time makes that quick). A second start with the same name answers with the first
   * execution, as a duplicate.
   */
  @Override
  public ExecutionStarter.Started start(String name, String input) {
    boolean[] created = {false};
    Execution e = once(name, input, created).execution().awaitSettled();
    return new ExecutionStarter.Started(
        e.executionArn(), e.name(), created[0] ? e.startDate() : null, !created[0]);
  }

  /**
   * StartExecution as Step Functions answers it: at once, while the execution runs. The same name
   * with the same input while the first execution still runs answers with that execution
   * (StartExecution is idempotent); another input, or a name whose execution has ended, is refused.
   *
   * @throws TerminalStepException {@link #ALREADY_EXISTS}; or the executor's {@code
   *     Slipway.Executor.InvalidInput} for input that is not JSON
   */
  public Execution begin(String name, String input) {
    boolean[] created = {false};
    Begun b = once(name, input, created);
    Execution e = b.execution();
    boolean running = e.status() == ExecutionStatus.RUNNING;
    if (created[0] || (running && b.input().equals(input))) {
      return e;
    }
    throw new TerminalStepException(
        ALREADY_EXISTS,
        "execution '"
            + name
            + "' already "
            + (running ? "runs with another input" : "ran (" + e.status() + ")")
            + ": start it under another name");
  }

  /** The execution of {@code name}, started now ({@code created[0]} set) unless it exists. */
  private synchronized Begun once(String name, String input, boolean[] created) {
    Begun existing = byName.get(name);
    if (existing != null) {
      return existing;
    }
    Begun b = new Begun(executor.begin(definition, input, name), input);
    created[0] = true;
    byName.put(name, b);
    byArn.put(b.execution().executionArn(), b);
    return b;
  }

  /** The execution started under {@code name}, once it has settled (ended or waits for a token). */
  public Execution execution(String name) {
    Begun s = byName.get(name);
    return s == null ? null : s.execution().awaitSettled();
  }

  /** The execution with this ARN, as DescribeExecution finds it (at once, running or not). */
  public Optional<Begun> byArn(String executionArn) {
    return Optional.ofNullable(byArn.get(executionArn));
  }

  /**
   * Every execution started here, newest first (as ListExecutions lists them; the same start time
   * by name).
   */
  public List<Begun> all() {
    List<Begun> all = new ArrayList<>(byName.values());
    all.sort(
        Comparator.comparing((Begun b) -> b.execution().startDate())
            .reversed()
            .thenComparing(b -> b.execution().name()));
    return all;
  }

  /** The ARN of the state machine the executions run. */
  public String stateMachineArn() {
    return executor.stateMachineArn();
  }

  /** How many executions were started. */
  public int count() {
    return byName.size();
  }

  /** Stops the executions still running (ABORTED), as the local environment goes down. */
  @Override
  public void close() {
    for (Begun s : byName.values()) {
      if (s.execution().status() == ExecutionStatus.RUNNING) {
        s.execution().stop("Slipway.Local.Stopped", "the local environment was stopped");
      }
    }
  }
}
