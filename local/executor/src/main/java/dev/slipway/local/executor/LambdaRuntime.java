package dev.slipway.local.executor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;

/**
 * Calls a Java Lambda handler in-process the way the Lambda Java runtime does: constructs it with
 * its public no-arg constructor, deserialises the event to the handler's input type with Jackson
 * (or hands the raw bytes to a {@link RequestStreamHandler}), serialises the result, and turns an
 * exception into the runtime's error report ({@link HandlerFailure}).
 */
public final class LambdaRuntime {
  private static final ObjectMapper MAPPER =
      JsonSupport.mapper()
          .copy()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .findAndRegisterModules();

  private LambdaRuntime() {}

  /** Loads and constructs a handler class by name, as the runtime does at init. */
  public static Object instantiate(String className, ClassLoader loader) {
    Class<?> c;
    try {
      c = Class.forName(className, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          "handler class "
              + className
              + " is not on the classpath (add its jar or directory with --classpath)",
          e);
    }
    return instantiate(c);
  }

  /** Fails unless the class implements RequestHandler or RequestStreamHandler. */
  public static void checkHandler(Class<?> c) {
    if (!RequestHandler.class.isAssignableFrom(c)
        && !RequestStreamHandler.class.isAssignableFrom(c)) {
      throw new IllegalArgumentException(
          c.getName() + " implements neither RequestHandler nor RequestStreamHandler");
    }
  }

  /** Constructs a handler with its public no-arg constructor. */
  public static Object instantiate(Class<?> c) {
    checkHandler(c);
    try {
      Constructor<?> k = c.getConstructor();
      return k.newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          c.getName() + " has no public no-arg constructor, which the Lambda runtime needs", e);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          "constructing " + c.getName() + " failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot construct " + c.getName() + ": " + e, e);
    }
  }

  /**
   * Invokes a handler on an event (JSON bytes) and returns the response (JSON bytes).
   *
   * @throws HandlerFailure when the handler throws, reported as the runtime reports it
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static byte[] invoke(Object handler, byte[] event, Context context) throws HandlerFailure {
    try {
      if (handler instanceof RequestStreamHandler s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.handleRequest(new ByteArrayInputStream(event), out, context);
        return out.toByteArray();
      }
      if (handler instanceof RequestHandler h) {
        JavaType in = inputType(handler.getClass());
        Object input;
        try {
          input = MAPPER.readValue(event, in);
        } catch (IOException e) {
          throw new HandlerFailure(
              "java.lang.RuntimeException",
              "An error occurred during JSON parsing: "
                  + e.getMessage().lines().findFirst().orElse(""),
              new String[0]);
        }
        Object result = h.handleRequest(input, context);
        if (result == null) {
          return "null".getBytes(StandardCharsets.UTF_8);
        }
        return MAPPER.writeValueAsBytes(result);
      }
      throw new IllegalArgumentException(
          handler.getClass().getName()
              + " implements neither RequestHandler nor RequestStreamHandler");
    } catch (HandlerFailure f) {
      throw f;
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError v
          && !(t instanceof StackOverflowError)
          && !(t instanceof OutOfMemoryError)) {
        throw v;
      }
      throw HandlerFailure.of(t);
    }
  }

  private static JavaType inputType(Class<?> handlerClass) {
    JavaType[] params =
        TypeFactory.defaultInstance()
            .constructType(handlerClass)
            .findTypeParameters(RequestHandler.class);
    if (params == null || params.length == 0) {
      return TypeFactory.defaultInstance().constructType(Object.class);
    }
    return params[0];
  }
}
