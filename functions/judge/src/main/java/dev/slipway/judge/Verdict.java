package dev.slipway.judge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The canary's verdict from its score and the thresholds. */
public enum Verdict {
  PASS("Pass"),
  MARGINAL("Marginal"),
  FAIL("Fail");

  private final String json;

  Verdict(String json) {
    this.json = json;
  }

  @JsonValue
  public String jsonName() {
    return json;
  }

  @JsonCreator
  public static Verdict fromJson(String s) {
    for (Verdict v : values()) {
      if (v.json.equals(s)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown verdict: " + s);
  }
}
