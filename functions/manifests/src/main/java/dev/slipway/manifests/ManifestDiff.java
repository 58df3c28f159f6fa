package dev.slipway.manifests;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The diff of one object, as a pure function of (desired object, live object or absent): both are
 * stripped of what the server manages (status, resourceVersion, uid, managedFields, …), written as
 * key-sorted YAML and compared line by line. A missing live object is a creation.
 */
public final class ManifestDiff {
  static final int CONTEXT_LINES = 3;

  private static final List<String> SERVER_METADATA =
      List.of(
          "managedFields",
          "resourceVersion",
          "uid",
          "generation",
          "creationTimestamp",
          "selfLink",
          "deletionTimestamp",
          "deletionGracePeriodSeconds");
  private static final List<String> SERVER_ANNOTATIONS =
      List.of(
          "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision");

  private ManifestDiff() {}

  public enum Change {
    CREATED,
    CHANGED,
    UNCHANGED
  }

  /** One object's outcome; {@code diff} is empty when unchanged. */
  public record ObjectDiff(ObjectRef object, Change change, @JsonIgnore String diff) {}

  public static ObjectDiff compare(ObjectRef ref, JsonNode desired, Optional<JsonNode> live) {
    List<String> after = lines(normalize(desired));
    List<String> before = live.map(l -> lines(normalize(l))).orElse(List.of());
    if (live.isPresent() && before.equals(after)) {
      return new ObjectDiff(ref, Change.UNCHANGED, "");
    }
    String id =
        ref.apiVersion()
            + "/"
            + ref.kind()
            + "/"
            + (ref.namespace() == null ? "" : ref.namespace() + "/")
            + ref.name();
    var patch = DiffUtils.diff(before, after);
    List<String> unified =
        new ArrayList<>(
            UnifiedDiffUtils.generateUnifiedDiff(
                live.isPresent() ? "live/" + id : "/dev/null",
                "rendered/" + id,
                before,
                patch,
                CONTEXT_LINES));
    if (live.isEmpty() && unified.size() > 2) {
      // a creation's hunk starts at line 0 of the empty file, as diff(1) and git write it
      unified.set(2, unified.get(2).replaceFirst("^@@ -1,0 ", "@@ -0,0 "));
    }
    return new ObjectDiff(
        ref, live.isPresent() ? Change.CHANGED : Change.CREATED, String.join("\n", unified) + "\n");
  }

  /** A copy without the fields the API server owns. */
  static JsonNode normalize(JsonNode object) {
    ObjectNode copy = object.deepCopy();
    copy.remove("status");
    JsonNode metadata = copy.get("metadata");
    if (metadata instanceof ObjectNode m) {
      m.remove(SERVER_METADATA);
      if (m.get("annotations") instanceof ObjectNode annotations) {
        annotations.remove(SERVER_ANNOTATIONS);
        if (annotations.isEmpty()) {
          m.remove("annotations");
        }
      }
    }
    return Yaml.sorted(copy);
  }

  private static List<String> lines(JsonNode object) {
    return Arrays.asList(Yaml.write(object).split("\n"));
  }
}
