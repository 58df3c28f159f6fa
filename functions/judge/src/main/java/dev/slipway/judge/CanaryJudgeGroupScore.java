package dev.slipway.judge;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One group's score: the percentage of its counted metrics that passed (0.0 for a group without
 * counted metrics). {@code classification} and {@code classificationReason} are always ""
 * (Kayenta).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanaryJudgeGroupScore(
    String name, double score, String classification, String classificationReason) {}
