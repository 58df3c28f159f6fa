package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * Runs one execution of a validated definition: the top level (how an execution ends and who is
 * told), the walk from state to state, and the dispatch of each state to the class of its type.
 * Data flow is {@link DataFlow}; Task, Parallel and Map run under {@link RetryCatch}.
 */
final class Interpreter {
  static final String INTERNAL_ERROR = "Slipway.Executor.InternalError";

  private final LocalExecutor executor;
  private final Execution execution;
  private final JsonNode definition;
  private final History history;
  private final MachineDeadline deadline;
  private final PassState pass;
  private final ChoiceState choice;
  private final WaitState waitState;
  private final SucceedState succeed;
  private final FailState fail;
  private final RetryCatch retryCatch;
  private final TaskState task;
  private final ParallelState parallel;
  private final MapState map;
  final Frame root;

  Interpreter(
      LocalExecutor executor,
      Execution execution,
      JsonNode definition,
      ObjectNode contextBase,
      Timeline time) {
    this.executor = executor;
    this.execution = execution;
    this.definition = definition;
    this.root = new Frame(null, contextBase, time, execution.cancel, 0);
    this.history = new History(executor, execution);
    this.deadline = new MachineDeadline(definition, time.now());
    DataFlow flow = new DataFlow(executor.random);
    this.pass = new PassState(flow);
    this.choice = new ChoiceState(flow);
    this.waitState = new WaitState(executor, execution, flow, deadline);
    this.succeed = new SucceedState(flow);
    this.fail = new FailState(flow);
    this.retryCatch = new RetryCatch(flow, deadline);
    this.task =
        new TaskState(
            executor,
            history,
            flow,
            new TaskInvoker(executor, deadline),
            new CallbackWait(executor, execution, deadline));
    this.parallel = new ParallelState(this, executor, history, flow);
    this.map = new MapState(this, executor, history, flow);
  }

  // ---------------------------------------------------------------- top level

  void run(JsonNode input) {
    Frame f = root;
    history.event(
        f,
        "ExecutionStarted",
        History.details("input", JsonSupport.compact(input), "roleArn", executor.roleArn));
    try {
      if (JsonSupport.size(input) > JsonSupport.MAX_PAYLOAD_BYTES) {
        throw StatesError.dataLimit(
            "The execution input exceeds the maximum number of bytes service limit.");
      }
      JsonNode out = runMachine(definition, input, f, jsonata(definition, false));
      history.event(f, "ExecutionSucceeded", History.details("output", JsonSupport.compact(out)));
      end(input, ExecutionStatus.SUCCEEDED, out, null, null);
    } catch (StatesError e) {
      history.event(
          f, "ExecutionFailed", History.details("error", e.error(), "cause", e.errorCause()));
      end(input, ExecutionStatus.FAILED, null, e.error(), e.errorCause());
    } catch (MachineDeadline.Passed e) {
      // it may have struck in a Map iteration or a branch, whose time the top level has not
      // joined: the execution ends at its deadline
      f.time.advanceVirtual(deadline.left(f));
      history.event(f, "ExecutionTimedOut", History.details("error", StatesError.TIMEOUT));
      end(input, ExecutionStatus.TIMED_OUT, null, StatesError.TIMEOUT, null);
    } catch (Cancel.Cancelled e) {
      history.event(
          f,
          "ExecutionAborted",
          History.details("error", execution.abortError, "cause", execution.abortCause));
      end(input, ExecutionStatus.ABORTED, null, execution.abortError, execution.abortCause);
    } catch (RuntimeException | Error e) {
      // A bug in the executor must end the execution, never leave it RUNNING forever.
      String cause = "the local executor failed: " + e + " (please report it with the definition)";
      history.event(f, "ExecutionFailed", History.details("error", INTERNAL_ERROR, "cause", cause));
      end(input, ExecutionStatus.FAILED, null, INTERNAL_ERROR, cause);
    }
  }

  /** Ends the execution, then tells the status listeners (the local event bus). */
  private void end(
      JsonNode input, ExecutionStatus status, JsonNode output, String error, String cause) {
    Instant stop = root.time.now();
    execution.finish(status, output, error, cause, stop);
    try {
      publish(input, status, output, error, cause, stop);
    } finally {
      execution.settle();
    }
  }

  private void publish(
      JsonNode input,
      ExecutionStatus status,
      JsonNode output,
      String error,
      String cause,
      Instant stop) {
    ExecutionStatusChange change =
        new ExecutionStatusChange(
            new UUID(executor.random.nextLong(), executor.random.nextLong()).toString(),
            executor.region,
            executor.accountId,
            execution.executionArn(),
            executor.stateMachineArn(),
            execution.name(),
            status,
            execution.startDate(),
            stop,
            JsonSupport.compact(input),
            output == null ? null : JsonSupport.compact(output),
            error,
            cause);
    for (ExecutionStatusListener l : executor.statusListeners) {
      try {
        l.onStatusChange(change);
      } catch (RuntimeException bad) {
        executor.log.accept(
            "status listener failed on " + status + " of " + execution.name() + ": " + bad);
      }
    }
  }

  // ---------------------------------------------------------------- states

  private static boolean jsonata(JsonNode node, boolean inherited) {
    JsonNode q = node.get("QueryLanguage");
    return q == null ? inherited : "JSONata".equals(q.textValue());
  }

  /** Runs a Parallel branch or a Map's ItemProcessor in its own frame. */
  JsonNode runNested(JsonNode machine, JsonNode input, Frame child, boolean inheritedJsonata) {
    return runMachine(machine, input, child, jsonata(machine, inheritedJsonata));
  }

  private JsonNode runMachine(JsonNode machine, JsonNode input, Frame f, boolean machineJsonata) {
    String name = machine.get("StartAt").textValue();
    JsonNode states = machine.get("States");
    JsonNode cur = input;
    while (true) {
      f.cancel.check();
      deadline.check(f);
      JsonNode st = states.get(name);
      Step step = execute(name, st, cur, f, jsonata(st, machineJsonata));
      if (step.next() == null) {
        return step.output();
      }
      name = step.next();
      cur = step.output();
    }
  }

  private Step execute(String name, JsonNode st, JsonNode input, Frame f, boolean jsonata) {
    String type = st.get("Type").textValue();
    long entered =
        history.event(
            f,
            type + "StateEntered",
            History.details("name", name, "input", JsonSupport.compact(input)));
    f.stateName = name;
    f.enteredTime = f.time.now();
    f.enteredEventId = entered;
    f.retryCount = null;
    f.token = null;
    try {
      Step step =
          switch (type) {
            case "Pass" -> pass.execute(name, st, input, f, jsonata);
            case "Choice" -> choice.execute(name, st, input, f, jsonata);
            case "Wait" -> waitState.execute(name, st, input, f, jsonata);
            case "Succeed" -> succeed.execute(name, st, input, f, jsonata);
            case "Fail" -> fail.execute(name, st, input, f, jsonata);
            case "Task" -> retryCatch.execute(name, st, input, f, jsonata, task, false);
            case "Parallel" -> retryCatch.execute(name, st, input, f, jsonata, parallel, true);
            case "Map" -> retryCatch.execute(name, st, input, f, jsonata, map, true);
            default -> throw new IllegalStateException("unknown state type " + type);
          };
      String output = JsonSupport.compact(step.output());
      if (PayloadLimits.oversized(output)) {
        throw StatesError.dataLimit(PayloadLimits.tooBig(name));
      }
      history.event(f, type + "StateExited", History.details("name", name, "output", output));
      return step;
    } catch (RuntimeFailure rf) {
      String cause =
          rf.prefixed()
              ? "An error occurred while executing the state '"
                  + name
                  + "' (entered at the event id #"
                  + entered
                  + "). "
                  + rf.getMessage()
              : rf.getMessage();
      throw new StatesError(rf.error(), cause);
    }
  }
}
