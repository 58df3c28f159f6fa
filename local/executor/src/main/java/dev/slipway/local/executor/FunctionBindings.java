package dev.slipway.local.executor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Which in-process handler serves which function: by function name, by the function part of an ARN,
 * by a {@code ${Placeholder}} name, or by a full resource ARN for other integrations.
 */
final class FunctionBindings {
  /** A handler, constructed once (on first use) like a warm Lambda container. */
  static final class Bound {
    private final Supplier<Object> factory;
    private volatile Object instance;

    Bound(Supplier<Object> factory) {
      this.factory = factory;
    }

    Object instance() {
      Object i = instance;
      if (i == null) {
        synchronized (this) {
          if (instance == null) {
            instance = factory.get();
          }
          i = instance;
        }
      }
      return i;
    }
  }

  private final Map<String, Bound> byName = new ConcurrentHashMap<>();

  void bind(String name, Supplier<Object> factory) {
    byName.put(key(name), new Bound(factory));
  }

  private static String key(String name) {
    if (name.startsWith("${") && name.endsWith("}")) {
      return name.substring(2, name.length() - 1);
    }
    if (name.startsWith("arn:aws:lambda:") || name.contains(":function:")) {
      return functionName(name);
    }
    return name;
  }

  /** The handler for a resource (full resource first, then the function name), or null. */
  Bound find(String resource, String function) {
    Bound b = byName.get(resource);
    if (b == null && function != null) {
      b = byName.get(key(function));
    }
    return b;
  }

  /**
   * The function name in a function ARN, partial ARN ({@code 123:function:name}), {@code
   * name:alias}, {@code ${Placeholder}} or plain name.
   */
  static String functionName(String ref) {
    if (ref.startsWith("${") && ref.endsWith("}")) {
      return ref.substring(2, ref.length() - 1);
    }
    int i = ref.indexOf(":function:");
    String rest = i >= 0 ? ref.substring(i + ":function:".length()) : ref;
    int colon = rest.indexOf(':');
    return colon >= 0 ? rest.substring(0, colon) : rest;
  }

  static String arn(String function, String region, String account) {
    return "arn:aws:lambda:" + region + ":" + account + ":function:" + function;
  }
}
