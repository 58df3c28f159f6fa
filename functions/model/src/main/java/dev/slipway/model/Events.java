package dev.slipway.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.InputStream;

/**
 * How every step function reads its event: a JSON object that maps onto the handler's input record
 * without coercion, whose {@link Name} fields are names; anything else is {@value Names#INVALID}
 * naming the handler and the field, never quoting the event's values.
 */
public final class Events {
  private static final ObjectMapper MAPPER = strict(Json.mapper());

  private Events() {}

  /** {@link #read(InputStream, JavaType, String)} for a plain class. */
  public static <T> T read(InputStream in, Class<T> type, String handler) throws IOException {
    return read(in, MAPPER.constructType(type), handler);
  }

  /**
   * Slipway's codec, but strict about what a caller sends: a number or a boolean is not text, text
   * is not a number or a boolean, and a list is not one value. (The state machine passes each field
   * as the type its record declares; anything else is a hand-written or hostile event.)
   */
  private static ObjectMapper strict(ObjectMapper shared) {
    ObjectMapper m = shared.copy();
    m.disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    m.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
      m.coercionConfigFor(t)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
    m.coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return m;
  }

  /**
   * The event as {@code type}: a JSON object Jackson can map, whose {@link dev.slipway.model.Name}
   * fields are names; else {@code Slipway.Input.Invalid} naming {@code handler} and the field.
   */
  public static <T> T read(InputStream in, JavaType type, String handler) throws IOException {
    T input;
    try (JsonParser parser = MAPPER.createParser(in)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new TerminalStepException(
            Names.INVALID,
            handler
                + " cannot read its input: it is "
                + shape(first)
                + ", not a JSON object. The state machine passes an object: compare it with the"
                + " sample in events/ for this state.");
      }
      input = MAPPER.readValue(parser, type);
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof SlipwayException named) {
        throw named;
      }
      throw invalidInput(handler, e);
    } catch (JsonProcessingException e) {
      throw invalidInput(handler, e);
    }
    Names.checkRecord(input);
    return input;
  }

  private static String shape(JsonToken first) {
    if (first == null) {
      return "empty";
    }
    return switch (first) {
      case VALUE_NULL -> "JSON null";
      case START_ARRAY -> "a JSON array";
      case VALUE_STRING -> "a JSON string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
      case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
      default -> "not a JSON object";
    };
  }

  /** The field's path as a person writes it: {@code waves[1].clusters[0].name}. */
  private static String path(JsonMappingException m) {
    StringBuilder p = new StringBuilder();
    for (JsonMappingException.Reference r : m.getPath()) {
      if (r.getFieldName() != null) {
        // a map's key is the caller's text: named only when it is a plain name
        String name = Names.problem(r.getFieldName()).isEmpty() ? r.getFieldName() : "?";
        p.append(p.length() == 0 ? "" : ".").append(name);
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
  private static TerminalStepException invalidInput(String handler, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 0
            ? ""
            : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String field =
        e instanceof JsonMappingException m && !m.getPath().isEmpty()
            ? " in field '" + path(m) + "'"
            : "";
    return new TerminalStepException(
        Names.INVALID,
        handler
            + " cannot read its input"
            + field
            + where
            + " ("
            + e.getClass().getSimpleName()
            + "). The state machine passes this input: compare it with the sample in events/ for"
            + " this state.");
  }
}
