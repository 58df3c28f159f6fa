package dev.slipway.judge;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Kayenta's CanaryJudgeResult: what {@code NetflixAcaJudge.judge} returns. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanaryJudgeResult(
    String judgeName,
    List<CanaryAnalysisResult> results,
    List<CanaryJudgeGroupScore> groupScores,
    CanaryJudgeScore score) {}
