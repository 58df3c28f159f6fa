package dev.slipway.infra;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the synthesised template as plain maps: renders CloudFormation expressions as readable
 * strings ({@code <ArtifactBucket.Arn>/config/*}, {@code ${AWS::Region}}) and finds references.
 */
final class TemplateJson {
  private TemplateJson() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of(o);
  }

  /**
   * A logical id without CDK's 8-character hash suffix: ArtifactBucket7410C9EF → ArtifactBucket.
   */
  static String name(String logicalId) {
    return logicalId.replaceAll("[0-9A-F]{8}$", "");
  }

  /** A CloudFormation value as a readable string. */
  static String render(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(TemplateJson::render).collect(Collectors.joining(",", "[", "]"));
    }
    Map<String, Object> m = map(value);
    if (m.containsKey("Ref")) {
      String ref = (String) m.get("Ref");
      return ref.startsWith("AWS::") ? "${" + ref + "}" : "<" + name(ref) + ">";
    }
    if (m.containsKey("Fn::GetAtt")) {
      List<Object> att = list(m.get("Fn::GetAtt"));
      return "<" + name((String) att.get(0)) + "." + att.get(1) + ">";
    }
    if (m.containsKey("Fn::Join")) {
      List<Object> join = list(m.get("Fn::Join"));
      return list(join.get(1)).stream()
          .map(TemplateJson::render)
          .collect(Collectors.joining((String) join.get(0)));
    }
    return m.toString();
  }

  /** Every logical id a value refers to (Ref, GetAtt, and inside Fn::Sub strings). */
  static Set<String> references(Object value) {
    Set<String> out = new LinkedHashSet<>();
    collect(value, out);
    return out;
  }

  private static void collect(Object value, Set<String> out) {
    if (value instanceof List<?> l) {
      l.forEach(v -> collect(v, out));
    } else if (value instanceof Map<?, ?> raw) {
      Map<String, Object> m = map(raw);
      if (m.get("Ref") instanceof String ref && !ref.startsWith("AWS::")) {
        out.add(ref);
      }
      if (m.containsKey("Fn::GetAtt")) {
        out.add((String) list(m.get("Fn::GetAtt")).get(0));
      }
      m.values().forEach(v -> collect(v, out));
    }
  }

  /** The statements of every AWS::IAM::Policy attached to the given role, as readable lines. */
  static Set<String> permissionsOf(Map<String, Object> resources, String roleLogicalId) {
    Set<String> lines = new java.util.TreeSet<>();
    for (Map.Entry<String, Object> e : resources.entrySet()) {
      Map<String, Object> r = map(e.getValue());
      if (!"AWS::IAM::Policy".equals(r.get("Type"))) {
        continue;
      }
      Map<String, Object> props = map(r.get("Properties"));
      boolean attached =
          list(props.get("Roles")).stream()
              .anyMatch(ref -> roleLogicalId.equals(map(ref).get("Ref")));
      if (!attached) {
        continue;
      }
      lines.addAll(statementLines(props));
    }
    return lines;
  }

  /** A managed policy's permissions, one line each as {@link #permissionsOf} writes them. */
  static Set<String> managedPolicyPermissions(Map<String, Object> resources, String logicalId) {
    Map<String, Object> r = map(resources.get(logicalId));
    if (r == null || !"AWS::IAM::ManagedPolicy".equals(r.get("Type"))) {
      throw new AssertionError("no managed policy " + logicalId + " in the template");
    }
    return statementLines(map(r.get("Properties")));
  }

  private static Set<String> statementLines(Map<String, Object> props) {
    Set<String> lines = new java.util.TreeSet<>();
    for (Object s : list(map(props.get("PolicyDocument")).get("Statement"))) {
      Map<String, Object> st = map(s);
      String condition = st.containsKey("Condition") ? " if " + conditionText(st) : "";
      List<String> actions = new ArrayList<>();
      list(st.get("Action")).forEach(a -> actions.add((String) a));
      for (String action : actions) {
        for (Object resource : list(st.get("Resource"))) {
          lines.add(st.get("Effect") + " " + action + " " + render(resource) + condition);
        }
      }
    }
    return lines;
  }

  private static String conditionText(Map<String, Object> statement) {
    StringBuilder b = new StringBuilder();
    map(statement.get("Condition"))
        .forEach(
            (op, kv) ->
                map(kv)
                    .forEach(
                        (k, v) ->
                            b.append(op).append(' ').append(k).append('=').append(render(v))));
    return b.toString();
  }
}
