package dev.slipway.pipeline;

/** How a failed release ends: a documented {@code Slipway.*} name and a cause saying what to do. */
public record Failure(String error, String cause) {}
