package dev.slipway.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.TerminalStepException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JudgeJsonTest {

  @Test
  void write_shouldUseKayentasFieldOrder_omitNulls_andWriteNaNAsString() {
    CanaryConfig config =
        CanaryConfig.parse(
            """
            {"metrics": [{"name": "cpu", "groups": ["system"]},
                         {"name": "err", "groups": ["errors"]}],
             "classifier": {"groupWeights": {"system": 50, "errors": 50}}}
            """);
    var pairs =
        List.of(
            new MetricSetPair(
                "cpu",
                "m-cpu",
                Map.of("pod", "a"),
                new MetricSetPair.Values(new double[] {0, 0, 0}, new double[] {0, 0, 1}),
                Map.of(),
                Map.of()),
            MetricSetPair.of("err", "m-err", new double[] {Double.NaN}, new double[] {1}));
    CanaryJudgeResult result =
        new NetflixAcaJudge(new SplittableRandom(1))
            .judge(config, new ScoreThresholds(75, 50), pairs);
    assertThat(JudgeJson.write(result))
        .isEqualTo(
            "{\"judgeName\":\"NetflixACAJudge-v1.0\",\"results\":["
                + "{\"name\":\"cpu\",\"tags\":{\"pod\":\"a\"},\"id\":\"m-cpu\",\"classification\":\"Pass\","
                + "\"groups\":[\"system\"],"
                + "\"experimentMetadata\":{\"stats\":{\"count\":3,\"mean\":0.33333333333333337,\"min\":0.0,\"std\":0.5773502691896258,\"max\":1.0}},"
                + "\"controlMetadata\":{\"stats\":{\"count\":3,\"mean\":0.0,\"min\":0.0,\"std\":0.0,\"max\":0.0}},"
                + "\"resultMetadata\":{\"ratio\":\"NaN\",\"lowerConfidence\":0.0,\"upperConfidence\":1.0,"
                + "\"estimate\":9.609806211505915E-5,\"effectSize\":\"NaN\"},"
                + "\"critical\":false,\"muted\":false},"
                + "{\"name\":\"err\",\"tags\":{},\"id\":\"m-err\",\"classification\":\"Nodata\","
                + "\"classificationReason\":\"Missing data for err\",\"groups\":[\"errors\"],"
                + "\"experimentMetadata\":{\"stats\":{\"count\":1,\"mean\":1.0,\"min\":1.0,\"std\":0.0,\"max\":1.0}},"
                + "\"controlMetadata\":{\"stats\":{\"count\":0,\"mean\":0.0,\"min\":0.0,\"std\":0.0,\"max\":0.0}},"
                + "\"resultMetadata\":{\"ratio\":1.0},\"critical\":false,\"muted\":false}],"
                + "\"groupScores\":[{\"name\":\"system\",\"score\":100.0,\"classification\":\"\",\"classificationReason\":\"\"},"
                + "{\"name\":\"errors\",\"score\":0.0,\"classification\":\"\",\"classificationReason\":\"\"}],"
                + "\"score\":{\"score\":0.0,\"classification\":\"Fail\","
                + "\"classificationReason\":\"Canary Failed: 50% or more metrics returned NODATA\"}}");
  }

  @Test
  void read_shouldRoundTripWrite_includingNaN() {
    var c = RandomCanaries.generate(new SplittableRandom(99), 30, 40, false);
    CanaryJudgeResult result =
        new NetflixAcaJudge(new SplittableRandom(99))
            .judge(c.config(), ScoreThresholds.DEFAULT, c.pairs());
    assertThat(JudgeJson.read(JudgeJson.write(result))).isEqualTo(result);
    assertThat(JudgeJson.read(JudgeJson.writePretty(result))).isEqualTo(result);
  }

  @Test
  void read_shouldFailWithNamedError_whenNotAResult() {
    assertThatThrownBy(() -> JudgeJson.read("{\"score\": {\"classification\": \"Great\"}}"))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageStartingWith("Slipway.Canary.InvalidConfig: canary judge result");
  }
}
