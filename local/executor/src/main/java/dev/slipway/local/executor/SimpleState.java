package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;

/** Pass, Choice, Wait, Succeed and Fail: the state types without Retry and Catch. */
abstract class SimpleState {
  final DataFlow flow;

  SimpleState(DataFlow flow) {
    this.flow = flow;
  }

  /** Runs the state on its raw input; returns the next state and the output. */
  abstract Step execute(String name, JsonNode st, JsonNode raw, Frame f, boolean jsonata);
}
