package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Parallel: one attempt; runs every branch on the same input, results in branch order. */
final class ParallelState extends ConcurrentState {
  ParallelState(Interpreter interpreter, LocalExecutor executor, History history, DataFlow flow) {
    super(interpreter, executor, history, flow);
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
    return runJobs("Parallel", f, children, branchJobs, group, branchJobs.size(), null);
  }
}
