package dev.slipway.deploy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A Lambda handler that owns its JSON: decode the input record, call, encode the output. */
abstract class JsonHandler<I, O> implements RequestStreamHandler {
  private final Class<I> inputType;

  JsonHandler(Class<I> inputType) {
    this.inputType = inputType;
  }

  abstract O handle(I input);

  @Override
  public final void handleRequest(InputStream in, OutputStream out, Context context)
      throws IOException {
    I input;
    try {
      input = Json.mapper().readValue(in, inputType);
    } catch (JsonProcessingException e) {
      throw new TerminalStepException(
          "Slipway.Deploy.InvalidInput",
          "the function's input is not the expected JSON ("
              + e.getOriginalMessage()
              + "). Compare it with the samples in events/.");
    }
    Json.mapper().writeValue(out, handle(input));
  }
}
