package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Parallel: one attempt; runs every branch on the same input, results in branch order. */
final class ParallelState implements RetryCatch.Work {
  private final Interpreter interpreter;
  private final History history;
  private final DataFlow flow;
  private final ConcurrentJobs jobs;

  ParallelState(Interpreter interpreter, History history, DataFlow flow, ConcurrentJobs jobs) {
    this.interpreter = interpreter;
    this.history = history;
    this.flow = flow;
    this.jobs = jobs;
  }

  @Override
  public JsonNode run(
      String name, JsonNode st, JsonNode raw, JsonNode eff, Frame f, boolean jsonata) {
    JsonNode input;
    if (jsonata) {
      input =
          st.has("Arguments")
              ? DataFlow.jsonataField(st, "Arguments", flow.bindings(f, raw, null, null))
              : raw;
    } else {
      input = st.has("Parameters") ? flow.template(st.get("Parameters"), eff, f) : eff;
    }
    PayloadLimits.limitInput(input, name);
    JsonNode branches = st.get("Branches");
    history.event(f, "ParallelStateStarted", null);
    List<Callable<JsonNode>> branchJobs = new ArrayList<>();
    Cancel group = new Cancel(f.cancel);
    List<Frame> children = new ArrayList<>();
    for (JsonNode branch : branches) {
      Frame child = f.child(group);
      children.add(child);
      branchJobs.add(() -> interpreter.runNested(branch, input, child, jsonata));
    }
    try {
      ArrayNode out = JsonSupport.mapper().createArrayNode();
      for (JsonNode r : jobs.runAll(branchJobs, group, branchJobs.size(), null)) {
        out.add(r);
      }
      children.forEach(c -> f.time.join(c.time));
      history.event(f, "ParallelStateSucceeded", null);
      return out;
    } catch (StatesError e) {
      children.forEach(c -> f.time.join(c.time));
      history.event(
          f, "ParallelStateFailed", History.details("error", e.error(), "cause", e.errorCause()));
      throw e;
    }
  }
}
