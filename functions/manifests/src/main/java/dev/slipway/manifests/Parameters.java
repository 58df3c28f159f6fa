package dev.slipway.manifests;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.lookup.StringLookupFactory;

/**
 * Strict {@code ${name}} substitution (Apache Commons Text {@link StringSubstitutor}): every
 * parameter must be known, there are no defaults ({@code ${a:-b}}), values are inserted as they are
 * (never substituted again), and {@code $${name}} writes a literal {@code ${name}}.
 */
final class Parameters {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private final Map<String, String> values;
  private final Map<String, String> unset;
  private final StringSubstitutor substitutor;

  /**
   * @param values the parameters with their values
   * @param unset parameters this release has no value for, each with why (referencing one is an
   *     error too, with that reason)
   */
  Parameters(Map<String, String> values, Map<String, String> unset) {
    this.values = new TreeMap<>(values);
    this.unset = Map.copyOf(unset);
    this.substitutor =
        new StringSubstitutor(StringLookupFactory.INSTANCE.mapStringLookup(this.values))
            .setEnableUndefinedVariableException(true)
            .setValueDelimiterMatcher(null)
            .setDisableSubstitutionInValues(true)
            .setEnableSubstitutionInVariables(false);
  }

  Map<String, String> values() {
    return values;
  }

  /**
   * The text with every parameter replaced; line breaks are kept, so that YAML errors point at the
   * template's own lines.
   */
  String substitute(String file, String text) {
    String[] lines = text.split("\n", -1);
    var out = new StringBuilder(text.length() + 256);
    for (int i = 0; i < lines.length; i++) {
      check(file, i + 1, lines[i]);
      out.append(substitutor.replace(lines[i]));
      if (i < lines.length - 1) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** Names every reference on one line before substitution, so errors carry a column. */
  private void check(String file, int line, String text) {
    int from = 0;
    while (true) {
      int start = text.indexOf("${", from);
      if (start < 0) {
        return;
      }
      if (start > 0 && text.charAt(start - 1) == '$') {
        from = start + 2; // $${...} is an escaped literal
        continue;
      }
      int end = text.indexOf('}', start + 2);
      if (end < 0) {
        throw ManifestErrors.invalidTemplate(
            file,
            line,
            "'${' at column "
                + (start + 1)
                + " is never closed with '}'. Write ${name}, or $${ for a literal '${'");
      }
      String name = text.substring(start + 2, end);
      if (!NAME.matcher(name).matches()) {
        throw ManifestErrors.invalidTemplate(
            file,
            line,
            "'${"
                + name
                + "}' at column "
                + (start + 1)
                + " is not a parameter reference: names are letters, digits, '_', '-' and '.',"
                + " with no spaces and no defaults");
      }
      if (unset.containsKey(name)) {
        throw ManifestErrors.unsetParameter(file, line, start + 1, name, unset.get(name));
      }
      if (!values.containsKey(name)) {
        throw ManifestErrors.unknownParameter(file, line, start + 1, name, values.keySet());
      }
      from = end + 1;
    }
  }
}
