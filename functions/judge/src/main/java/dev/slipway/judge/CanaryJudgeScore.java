package dev.slipway.judge;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The summary score, its verdict and the reason for an override ("" when there was none). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanaryJudgeScore(double score, Verdict classification, String classificationReason) {}
