package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thread of control in an execution (the top level, a Parallel branch, a Map iteration): its
 * variables (with the enclosing scope's as fallback), its timeline, the state it is in (for the
 * context object) and the id of its last history event.
 */
final class Frame implements JsonPaths.Scope {
  final Frame parent;
  final ObjectNode contextBase;
  final Timeline time;
  final Cancel cancel;
  private final Map<String, JsonNode> vars = new HashMap<>();
  long lastEvent;

  String stateName;
  Instant enteredTime;
  long enteredEventId;
  Integer retryCount;
  String token;
  JsonNode mapIndex;
  JsonNode mapValue;

  Frame(Frame parent, ObjectNode contextBase, Timeline time, Cancel cancel, long lastEvent) {
    this.parent = parent;
    this.contextBase = contextBase;
    this.time = time;
    this.cancel = cancel;
    this.lastEvent = lastEvent;
  }

  Frame child(Cancel groupCancel) {
    return new Frame(this, contextBase, time.fork(), groupCancel, lastEvent);
  }

  @Override
  public JsonNode contextObject() {
    ObjectNode c = contextBase.deepCopy();
    ObjectNode state = c.putObject("State");
    state.put("EnteredTime", enteredTime == null ? null : JsonSupport.timestamp(enteredTime));
    state.put("Name", stateName);
    if (retryCount != null) {
      state.put("RetryCount", retryCount);
    }
    if (token != null) {
      c.putObject("Task").put("Token", token);
    }
    if (mapIndex != null) {
      ObjectNode item = c.putObject("Map").putObject("Item");
      item.set("Index", mapIndex);
      item.set("Value", mapValue);
    }
    return c;
  }

  @Override
  public JsonNode variable(String name) {
    for (Frame f = this; f != null; f = f.parent) {
      JsonNode v = f.vars.get(name);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** Every visible variable, inner scopes shadowing outer ones (for JSONata). */
  Map<String, JsonNode> visibleVariables() {
    Map<String, JsonNode> all = new LinkedHashMap<>();
    for (Frame f = this; f != null; f = f.parent) {
      f.vars.forEach(all::putIfAbsent);
    }
    return all;
  }

  void assign(Map<String, JsonNode> values) {
    vars.putAll(values);
  }
}
