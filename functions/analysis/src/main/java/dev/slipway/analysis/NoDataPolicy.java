package dev.slipway.analysis;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the pipeline does with a {@code NoData} verdict. The analysis never acts on it itself: it
 * returns the policy's answer as data ({@code noDataAction}) for the state machine's Choice.
 */
public enum NoDataPolicy {
  /** Treat it like Fail: roll back. The default: no evidence, no promotion. */
  FAIL("fail"),
  /** Promote, with a warning in the summary and the report. */
  PASS_WITH_WARNING("pass-with-warning"),
  /** Wait one more window and judge again on windows twice as long; NoData again is fail. */
  EXTEND_WINDOW_ONCE("extend-window-once");

  private final String json;

  NoDataPolicy(String json) {
    this.json = json;
  }

  @JsonValue
  public String jsonName() {
    return json;
  }

  @JsonCreator
  public static NoDataPolicy fromJson(String s) {
    for (NoDataPolicy p : values()) {
      if (p.json.equals(s)) {
        return p;
      }
    }
    throw CanaryErrors.invalidConfig(
        "onNoData is '" + s + "'; use one of fail, pass-with-warning, extend-window-once.");
  }

  /**
   * The action for a NoData verdict on the given attempt (1 = first): {@code "fail"}, {@code
   * "pass"} or {@code "extend"}.
   */
  public String action(int attempt) {
    return switch (this) {
      case FAIL -> "fail";
      case PASS_WITH_WARNING -> "pass";
      case EXTEND_WINDOW_ONCE -> attempt <= 1 ? "extend" : "fail";
    };
  }
}
