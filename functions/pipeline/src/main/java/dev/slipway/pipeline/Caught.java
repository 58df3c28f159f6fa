package dev.slipway.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a Catch puts at its ResultPath: Step Functions' own {@code Error} and {@code Cause}. */
public record Caught(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {}
