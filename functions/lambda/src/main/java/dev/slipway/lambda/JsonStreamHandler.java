package dev.slipway.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.model.Events;
import dev.slipway.model.Json;
import dev.slipway.model.Names;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A handler that owns its JSON: the event is read into {@code I} and the result written from {@code
 * O} with Slipway's shared codec (records, {@code java.time}, unknown fields ignored), rather than
 * the Lambda runtime's serialiser, which does not handle records (aws-lambda-java-libs #368).
 *
 * <p>The event is read by {@link Events#read}: anything but a JSON object that maps onto {@code I}
 * without coercion and whose {@link dev.slipway.model.Name} fields are names is {@code
 * Slipway.Input.Invalid}, naming the field, never quoting the value.
 *
 * <p>Subclasses stay thin: decode, call one service method, encode.
 */
public abstract class JsonStreamHandler<I, O> implements RequestStreamHandler {
  /** The error of an event that is not the JSON the handler takes. */
  public static final String INVALID_INPUT = Names.INVALID;

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
    I input = Events.read(in, inputType, getClass().getSimpleName());
    MAPPER.writeValue(out, handle(input, context));
  }
}
