package dev.slipway.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Optional;

/**
 * The one rule for names a caller sends that Slipway builds S3 keys, object names and labels from
 * (apps, environments, clusters, waves, builds, executions, approval ids): 1 to {@value #MAX} of
 * {@code A-Z a-z 0-9 . _ - + @}, and neither {@code .} nor {@code ..}. So a name cannot walk the
 * bucket's tree ({@code ../../x}), add a level ({@code a/b}), break a line in a log or a YAML
 * document, hide text behind a bidirectional override, or make a key longer than S3 takes.
 *
 * <p>A refused name is {@value #INVALID} naming the field and why, never quoting the value.
 */
public final class Names {
  /** The error of an event a step cannot take: not JSON, wrong types, a bad name. */
  public static final String INVALID = "Slipway.Input.Invalid";

  /** The longest name. */
  public static final int MAX = 128;

  private static final String RULE =
      "Names are 1 to " + MAX + " of A-Z a-z 0-9 . _ - + @, and not '.' or '..'";

  private Names() {}

  /**
   * Why {@code value} is not a name, or empty when it is one (a null value is "missing"). Never
   * quotes the value.
   */
  public static Optional<String> problem(String value) {
    if (value == null) {
      return Optional.of("is missing");
    }
    if (value.isEmpty()) {
      return Optional.of("is empty");
    }
    if (value.length() > MAX) {
      return Optional.of("is " + value.length() + " characters long");
    }
    if (value.equals(".") || value.equals("..")) {
      return Optional.of("is '" + value + "', which walks the key's path");
    }
    Optional<String> text = FieldText.problem(value);
    if (text.isPresent()) {
      return text;
    }
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (!allowed(cp)) {
        String what =
            cp == '/'
                ? "a slash ('/')"
                : cp == ' '
                    ? "a space"
                    : cp < 0x7f ? "'" + (char) cp + "'" : "a non-ASCII character";
        return Optional.of(String.format("holds %s (U+%04X) at character %d", what, cp, i + 1));
      }
      i += Character.charCount(cp);
    }
    return Optional.empty();
  }

  private static boolean allowed(int cp) {
    return (cp >= 'a' && cp <= 'z')
        || (cp >= 'A' && cp <= 'Z')
        || (cp >= '0' && cp <= '9')
        || cp == '.'
        || cp == '_'
        || cp == '-'
        || cp == '+'
        || cp == '@';
  }

  /**
   * {@code value} when it is a name, else {@value #INVALID} naming {@code field}.
   *
   * @param field what the name is, as the caller wrote it ({@code app}, {@code clusters[0].name})
   */
  public static String check(String field, String value) {
    problem(value)
        .ifPresent(
            why -> {
              throw new TerminalStepException(
                  INVALID,
                  "the "
                      + field
                      + " "
                      + why
                      + ". "
                      + RULE
                      + ": fix the "
                      + field
                      + " in the event (the state machine copies it from the release request).");
            });
    return value;
  }

  /**
   * Checks every {@link Name} component of {@code record}, and of the records (or lists of records)
   * it holds, with each field's JSON name as its path.
   */
  public static void checkRecord(Object record) {
    checkRecord("", record, 0);
  }

  private static void checkRecord(String path, Object value, int depth) {
    if (value == null || depth > 8) {
      return;
    }
    if (value instanceof Collection<?> list) {
      int i = 0;
      for (Object element : list) {
        checkRecord(path + "[" + i++ + "]", element, depth + 1);
      }
      return;
    }
    if (!value.getClass().isRecord()) {
      return;
    }
    for (RecordComponent c : value.getClass().getRecordComponents()) {
      String field = (path.isEmpty() ? "" : path + ".") + jsonName(c);
      Object v = get(c, value);
      Name name = c.getAnnotation(Name.class);
      if (name == null) {
        checkRecord(field, v, depth + 1);
      } else if (v == null) {
        if (name.required()) {
          check(field, null);
        }
      } else if (v instanceof Collection<?> list) {
        int i = 0;
        for (Object element : list) {
          check(field + "[" + i++ + "]", element instanceof String s ? s : null);
        }
      } else if (v instanceof String s) {
        check(field, s);
      }
    }
  }

  private static String jsonName(RecordComponent c) {
    JsonProperty p = c.getAnnotation(JsonProperty.class);
    if (p == null) {
      try {
        p = c.getDeclaringRecord().getDeclaredField(c.getName()).getAnnotation(JsonProperty.class);
      } catch (NoSuchFieldException e) {
        p = null;
      }
    }
    return p != null && !p.value().isEmpty() ? p.value() : c.getName();
  }

  private static Object get(RecordComponent c, Object record) {
    try {
      var accessor = c.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
      return null;
    }
  }
}
