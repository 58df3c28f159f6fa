package dev.slipway.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.model.Name;
import dev.slipway.model.TerminalStepException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonStreamHandlerTest {
  record In(String name, Instant at) {}

  record Named(@Name String app, int attempt, List<String> tags) {}

  static final class Echo extends JsonStreamHandler<Named, Named> {
    Echo() {
      super(Named.class);
    }

    @Override
    protected Named handle(Named input, Context context) {
      return input;
    }
  }

  static TerminalStepException refused(String event) {
    var in = new ByteArrayInputStream(event.getBytes(UTF_8));
    try {
      new Echo().handleRequest(in, new ByteArrayOutputStream(), null);
    } catch (TerminalStepException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("not a named error: " + e, e);
    }
    throw new AssertionError("accepted: " + event);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''                               | it is empty, not a JSON object
          null                             | it is JSON null, not a JSON object
          '[{"app":"a"}]'                  | it is a JSON array, not a JSON object
          42                               | it is a JSON number, not a JSON object
          '"checkout"'                     | it is a JSON string, not a JSON object
          '{"app":42,"attempt":0}'         | in field 'app'
          '{"app":true,"attempt":0}'       | in field 'app'
          '{"app":{"a":1},"attempt":0}'    | in field 'app'
          '{"app":"a","attempt":"7"}'      | in field 'attempt'
          '{"app":"a","attempt":"x"}'      | in field 'attempt'
          '{"app":"a","tags":"one"}'       | in field 'tags'
          '{"app":"../../x","attempt":0}'  | the app holds a slash
          '{"attempt":0}'                  | the app is missing
          """)
  void handleRequest_shouldAnswerAnEventItCannotTake_withInputInvalid(String event, String why) {
    TerminalStepException e = refused(event);
    assertThat(e.errorName()).isEqualTo("Slipway.Input.Invalid");
    assertThat(e.causeText()).contains(why);
    if (!why.startsWith("the ")) {
      assertThat(e.causeText()).startsWith("Echo cannot read its input");
    }
  }

  @Test
  void handleRequest_shouldNameDeepNesting_withoutFailingOnItsMissingLocation() {
    TerminalStepException e = refused("{\"tags\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
    assertThat(e.errorName()).isEqualTo("Slipway.Input.Invalid");
  }

  @Test
  void handleRequest_shouldNotQuoteAHostileMapKeyInTheFieldPath() {
    TerminalStepException e = refused("{\"app\":\"a\",\"attempt\":0,\"x\u202e\":1,\"tags\":[{}]}");
    assertThat(e.getMessage()).contains("in field 'tags[0]'").doesNotContain("\u202e");
  }

  record Out(String greeting, Instant at) {}

  static final class Greeter extends JsonStreamHandler<In, Out> {
    Greeter() {
      super(In.class);
    }

    @Override
    protected Out handle(In input, Context context) {
      return new Out("hello " + input.name(), input.at().plusSeconds(1));
    }
  }

  @Test
  void handleRequest_shouldReadRecordsAndWriteIsoTimes_ignoringUnknownFields() throws Exception {
    var out = new ByteArrayOutputStream();
    new Greeter()
        .handleRequest(
            new ByteArrayInputStream(
                "{\"name\":\"ada\",\"at\":\"2026-11-26T21:00:00Z\",\"extra\":1}".getBytes(UTF_8)),
            out,
            null);
    assertThat(out.toString(UTF_8))
        .isEqualTo("{\"greeting\":\"hello ada\",\"at\":\"2026-11-26T21:00:01Z\"}");
  }

  @Test
  void handleRequest_shouldNameTheFieldButNotTheValue_whenTheInputIsNotWhatTheStateTakes() {
    var in =
        new ByteArrayInputStream("{\"name\":\"ada\",\"at\":\"secret-not-a-time\"}".getBytes(UTF_8));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Greeter().handleRequest(in, new ByteArrayOutputStream(), null))
        .isInstanceOf(dev.slipway.model.TerminalStepException.class)
        .hasMessageStartingWith("Slipway.Input.Invalid: Greeter cannot read its input")
        .hasMessageContaining("'at'")
        .hasMessageNotContaining("secret-not-a-time");
  }

  @Test
  void handleRequest_shouldNameTheError_whenTheInputIsNotJson() {
    var in = new ByteArrayInputStream("{not json".getBytes(UTF_8));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Greeter().handleRequest(in, new ByteArrayOutputStream(), null))
        .hasMessageStartingWith("Slipway.Input.Invalid")
        .hasMessageContaining("line 1");
  }
}
