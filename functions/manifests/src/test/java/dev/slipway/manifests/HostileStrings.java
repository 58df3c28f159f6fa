package dev.slipway.manifests;

import java.util.List;
import java.util.Random;

/**
 * A seeded generator of values an attacker would send: YAML syntax of every kind, every Unicode
 * line break, control and bidi characters, the reserved parameter markers, literals YAML would
 * type, 10,000-character strings, and combinations of all of these.
 */
final class HostileStrings {
  /** The injection of issue 13: a component that, pasted as text, adds a ClusterRoleBinding. */
  static final String CLUSTER_ROLE_BINDING =
      "checkout-api\u2028---\u2028apiVersion: rbac.authorization.k8s.io/v1\u2028"
          + "kind: ClusterRoleBinding\u2028metadata:\u2028  name: pwned\u2028roleRef:\u2028"
          + "  apiGroup: rbac.authorization.k8s.io\u2028  kind: ClusterRole\u2028"
          + "  name: cluster-admin\u2028subjects:\u2028  - kind: Group\u2028"
          + "    name: system:authenticated\u2028---\u2028apiVersion: v1\u2028kind: ConfigMap\u2028"
          + "metadata:\u2028  name: pwned\u2028  namespace: kube-system";

  /** The same payload with only characters every release field may hold. */
  static final String CLUSTER_ROLE_BINDING_FLAT =
      "checkout-api\": {a: *b} --- apiVersion: rbac.authorization.k8s.io/v1 --- kind:"
          + " ClusterRoleBinding ... metadata: {name: pwned} roleRef: {kind: ClusterRole, name:"
          + " cluster-admin} &x !!map [*x] # done";

  private static final List<String> PIECES =
      List.of(
          // every YAML indicator, alone and as YAML reads it in context
          "-",
          "?",
          ":",
          ",",
          "[",
          "]",
          "{",
          "}",
          "#",
          "&",
          "*",
          "!",
          "|",
          ">",
          "'",
          "\"",
          "%",
          "@",
          "`",
          ": ",
          " #",
          "- ",
          "? ",
          "|-",
          ">+",
          // documents, anchors, aliases, tags, merge keys, flow collections
          "---",
          "...",
          "--- ",
          "\n---\n",
          "&anchor",
          "*alias",
          "!!tag",
          "!!str",
          "!!binary",
          "!!python/object/apply:os.system",
          "!<tag:yaml.org,2002:map>",
          "<<: *alias",
          "{a: *b}",
          "[x, y]",
          "%YAML 1.1",
          "apiVersion: v1",
          "kind: ClusterRoleBinding",
          "namespace: kube-system",
          // every Unicode line break, controls, NUL
          "\n",
          "\r",
          "\r\n",
          "\u0085",
          "\u2028",
          "\u2029",
          "\u000B",
          "\u000C",
          "\t",
          "\0",
          "\u001B",
          "\u007F",
          "\u009B",
          // bidi controls, byte-order mark, lone surrogates
          "\u202E",
          "\u202D",
          "\u2066",
          "\u2069",
          "\u200E",
          "\u061C",
          "\uFEFF",
          "\uD800",
          "\uDFFF",
          // parameter syntax and Slipway's own markers
          "${image}",
          "$${image}",
          "${",
          "$",
          "}",
          "\uE000\uE001image\uE002",
          "\uE003\uE003\uE003",
          "\uE004",
          // other Unicode
          " ",
          "  ",
          "\u00A0",
          "\uD83D\uDE00",
          "\u00E9",
          "\u4E2D",
          // literals YAML would type
          "true",
          "false",
          "null",
          "~",
          "yes",
          "3",
          "-12",
          "1.50",
          "0x1F",
          "1e3",
          "007",
          // words no template holds
          "q",
          "Zz9",
          "ab.c",
          "x_y");

  private static final String NAME_START =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String NAME_REST = NAME_START + "._-";

  private final Random random;

  HostileStrings(long seed) {
    this.random = new Random(seed);
  }

  /** One value, never blank. */
  String next() {
    String value;
    do {
      value = candidate();
    } while (value.isBlank());
    return value;
  }

  private String candidate() {
    int kind = random.nextInt(100);
    if (kind < 10) {
      return piece();
    }
    if (kind < 15) {
      return random.nextBoolean() ? CLUSTER_ROLE_BINDING : CLUSTER_ROLE_BINDING_FLAT;
    }
    if (kind < 20) {
      return longValue();
    }
    if (kind < 30) {
      return name();
    }
    var out = new StringBuilder();
    int pieces = 1 + random.nextInt(8);
    for (int i = 0; i < pieces; i++) {
      out.append(random.nextInt(4) == 0 ? name() : piece());
    }
    return out.toString();
  }

  private String piece() {
    return PIECES.get(random.nextInt(PIECES.size()));
  }

  /** Letters, digits, '.', '_' and '-': what names (app, build, environment, cluster) may be. */
  private String name() {
    var out = new StringBuilder();
    out.append(NAME_START.charAt(random.nextInt(NAME_START.length())));
    int rest = random.nextInt(12);
    for (int i = 0; i < rest; i++) {
      out.append(NAME_REST.charAt(random.nextInt(NAME_REST.length())));
    }
    return out.toString();
  }

  /** At least 10,000 characters: a hostile combination repeated, or one character repeated. */
  private String longValue() {
    String unit = random.nextBoolean() ? piece() + name() + piece() : name();
    return unit.repeat(10_000 / unit.length() + 1);
  }
}
