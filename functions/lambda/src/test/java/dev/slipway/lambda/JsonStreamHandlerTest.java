package dev.slipway.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonStreamHandlerTest {
  record In(String name, Instant at) {}

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
