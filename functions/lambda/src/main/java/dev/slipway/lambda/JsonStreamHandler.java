package dev.slipway.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A handler that owns its JSON: the event is read into {@code I} and the result written from {@code
 * O} with Slipway's shared codec (records, {@code java.time}, unknown fields ignored), rather than
 * the Lambda runtime's serialiser, which does not handle records (aws-lambda-java-libs #368).
 *
 * <p>Subclasses stay thin: decode, call one service method, encode.
 */
public abstract class JsonStreamHandler<I, O> implements RequestStreamHandler {
  /** The error of an event that is not the JSON the handler takes. */
  public static final String INVALID_INPUT = "Slipway.Input.Invalid";

  private static final ObjectMapper MAPPER = Json.mapper();
  private final JavaType inputType;

  protected JsonStreamHandler(Class<I> inputType) {
    this.inputType = MAPPER.constructType(inputType);
  }

  /** The work: one call into the service. */
  protected abstract O handle(I input, Context context);

  @Override
  public final void handleRequest(InputStream in, OutputStream out, Context context)
      throws IOException {
    I input;
    try {
      input = MAPPER.readValue(in, inputType);
    } catch (JsonProcessingException e) {
      throw invalidInput(e);
    }
    MAPPER.writeValue(out, handle(input, context));
  }

  /** The field's path as a person writes it: {@code waves[1].clusters[0].name}. */
  private static String path(JsonMappingException m) {
    StringBuilder p = new StringBuilder();
    for (JsonMappingException.Reference r : m.getPath()) {
      if (r.getFieldName() != null) {
        p.append(p.length() == 0 ? "" : ".").append(r.getFieldName());
      } else {
        p.append('[').append(r.getIndex()).append(']');
      }
    }
    return p.toString();
  }

  /**
   * The event is not the JSON this state takes: {@code Slipway.Input.Invalid}, naming the handler,
   * the field and where, never the event's values (they may hold secrets).
   */
  private TerminalStepException invalidInput(JsonProcessingException e) {
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    String field =
        e instanceof JsonMappingException m && !m.getPath().isEmpty()
            ? " in field '" + path(m) + "'"
            : "";
    return new TerminalStepException(
        INVALID_INPUT,
        getClass().getSimpleName()
            + " cannot read its input"
            + field
            + where
            + " ("
            + e.getClass().getSimpleName()
            + "). The state machine passes this input: compare it with the sample in events/ for"
            + " this state.");
  }
}
