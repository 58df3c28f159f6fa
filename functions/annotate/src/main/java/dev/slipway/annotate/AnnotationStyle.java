package dev.slipway.annotate;

import dev.slipway.config.Grafana;
import dev.slipway.model.ConsoleLinks;
import java.util.ArrayList;
import java.util.List;

/**
 * The annotation convention, {@code grafana.tags} in config/slipway.yaml (docs/configuration.md).
 */
public enum AnnotationStyle {
  /**
   * Slipway's own: {@code deploy} and {@code key:value} tags (with {@code env} and every cluster),
   * a point at the start that the end turns into a region spanning the release.
   */
  KEYED(Grafana.KEYED, false),

  /**
   * The notes' webhook stages as written: bare tags {@code repo, branch, build_number, cluster,
   * application, "deploy", status} in that order, {@code isRegion: true}, the text {@code Deploy
   * <app> end <a href=…>Build Link</a>}, a region spanning the deploy stage.
   */
  SEED(Grafana.SEED, true);

  private final String configName;
  private final boolean isRegion;

  AnnotationStyle(String configName, boolean isRegion) {
    this.configName = configName;
    this.isRegion = isRegion;
  }

  /** The style a config value names; null means the default, {@link #KEYED}. */
  public static AnnotationStyle of(String configName) {
    for (AnnotationStyle s : values()) {
      if (s.configName.equals(configName)) {
        return s;
      }
    }
    if (configName == null) {
      return KEYED;
    }
    // ConfigParser has already rejected anything else, naming the allowed values.
    throw new IllegalArgumentException("grafana.tags is not one of " + Grafana.TAG_STYLES);
  }

  /**
   * Whether the end annotation spans the deploy stage (the notes' {@code time}/{@code timeEnd} of
   * Deploy (Manifest)) rather than the release.
   */
  boolean spansDeployStage() {
    return this == SEED;
  }

  /** Whether the annotation carries {@code isRegion: true}. */
  boolean isRegion() {
    return isRegion;
  }

  List<String> tags(AnnotateRequest r, List<String> clusters) {
    List<String> tags = new ArrayList<>();
    if (this == SEED) {
      add(tags, r.gitRepo());
      add(tags, r.gitBranch());
      add(tags, r.build());
      clusters.forEach(c -> add(tags, c));
      add(tags, r.app());
      tags.add("deploy");
      add(tags, r.status());
      return tags;
    }
    tags.add("deploy");
    add(tags, "app:", r.app());
    add(tags, "repo:", r.gitRepo());
    add(tags, "branch:", r.gitBranch());
    add(tags, "build:", r.build());
    add(tags, "env:", r.environment());
    clusters.forEach(c -> add(tags, "cluster:", c));
    add(tags, "status:", r.status());
    return tags;
  }

  String text(AnnotateRequest r) {
    StringBuilder text = new StringBuilder("Deploy ").append(html(r.app()));
    text.append(r.isEnd() ? " end" : " start");
    if (this == SEED) {
      ConsoleLinks.execution(r.executionArn())
          .ifPresent(
              url -> text.append(" <a href=\"").append(html(url)).append("\">Build Link</a>"));
      return text.toString();
    }
    if (r.isEnd() && r.status() != null) {
      text.append(" (").append(html(r.status())).append(')');
    }
    if (r.build() != null) {
      text.append(" · build ").append(html(r.build()));
    }
    ConsoleLinks.execution(r.executionArn())
        .ifPresent(
            url -> text.append(" · <a href=\"").append(html(url)).append("\">execution</a>"));
    if (r.reportUrl() != null && !r.reportUrl().isBlank()) {
      text.append(" · <a href=\"").append(html(r.reportUrl())).append("\">canary report</a>");
    }
    return text.toString();
  }

  private static void add(List<String> tags, String value) {
    add(tags, "", value);
  }

  private static void add(List<String> tags, String key, String value) {
    if (value != null && !value.isBlank()) {
      tags.add(key + value);
    }
  }

  private static String html(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
