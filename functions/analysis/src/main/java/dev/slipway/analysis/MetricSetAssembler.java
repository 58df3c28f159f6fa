package dev.slipway.analysis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Pairs a metric's control and experiment series the way Kayenta does (its Prometheus service
 * returns one MetricSet per series, and {@code MetricSetMixerService.mixOneMetric} pairs them):
 *
 * <ul>
 *   <li>a query with several series is <em>not</em> reduced to one: each label set becomes its own
 *       pair (same metric name, the labels as {@code tags}), judged and scored on its own;
 *   <li>series are paired by equal label sets; a label set present on one side only is paired with
 *       an all-NaN side (Kayenta's template);
 *   <li>an empty answer is one all-NaN series without labels; if only one side has labels, the
 *       other side's label-less placeholder takes each label set in turn;
 *   <li>label <em>names</em> that differ between the sides are a config error (Kayenta throws too):
 *       aggregate away labels that change with the release ({@code version}, {@code pod}).
 * </ul>
 *
 * Unlike Kayenta, samples are placed on the window's grid by timestamp, so a gap in the middle of a
 * series stays a gap (NaN) instead of shifting later samples forward, and every side has exactly
 * the window's point count (Kayenta's NaN padding, applied to gaps as well as to the end).
 */
public final class MetricSetAssembler {
  private MetricSetAssembler() {}

  public static List<MetricPair> pair(
      String metricName,
      List<Series> control,
      AnalysisWindow controlWindow,
      String controlQuery,
      List<Series> experiment,
      AnalysisWindow experimentWindow,
      String experimentQuery) {
    Map<Map<String, String>, SideData> c = bySortedTags(control, controlWindow);
    Map<Map<String, String>, SideData> e = bySortedTags(experiment, experimentWindow);
    Set<String> cKeys = keys(c);
    Set<String> eKeys = keys(e);
    if (!cKeys.isEmpty() && !eKeys.isEmpty() && !cKeys.equals(eKeys)) {
      throw CanaryErrors.invalidConfig(
          "metric '"
              + metricName
              + "': the control series have labels "
              + cKeys
              + " but the experiment series have "
              + eKeys
              + ". Aggregate the query so both windows return the same label names, e.g. sum by"
              + " (app) (...).");
    }
    boolean cEmptyTags = c.containsKey(Map.of());
    boolean eEmptyTags = e.containsKey(Map.of());
    Set<Map<String, String>> tagSets = new LinkedHashSet<>();
    if (cEmptyTags && !eEmptyTags) {
      tagSets.addAll(e.keySet());
    } else if (!cEmptyTags && eEmptyTags) {
      tagSets.addAll(c.keySet());
    } else {
      tagSets.addAll(c.keySet());
      tagSets.addAll(e.keySet());
    }
    List<Map<String, String>> ordered = new ArrayList<>(tagSets);
    ordered.sort(Comparator.comparing(Map::toString));
    List<MetricPair> out = new ArrayList<>();
    for (Map<String, String> tags : ordered) {
      SideData cs = c.getOrDefault(tags, SideData.empty(controlWindow.points()));
      SideData es = e.getOrDefault(tags, SideData.empty(experimentWindow.points()));
      if (cEmptyTags && !eEmptyTags) {
        cs = SideData.empty(controlWindow.points());
      } else if (!cEmptyTags && eEmptyTags) {
        es = SideData.empty(experimentWindow.points());
      }
      out.add(
          new MetricPair(
              metricName, idOf(metricName, tags), tags, cs, es, controlQuery, experimentQuery));
    }
    return out;
  }

  private static Map<Map<String, String>, SideData> bySortedTags(
      List<Series> series, AnalysisWindow w) {
    Map<Map<String, String>, SideData> m = new LinkedHashMap<>();
    if (series.isEmpty()) {
      m.put(Map.of(), SideData.empty(w.points()));
      return m;
    }
    for (Series s : series) {
      Map<String, String> tags = new TreeMap<>(s.labels());
      m.putIfAbsent(Map.copyOf(tags), SideData.align(s, w));
    }
    return m;
  }

  private static Set<String> keys(Map<Map<String, String>, SideData> m) {
    Set<String> k = new java.util.TreeSet<>();
    m.keySet().forEach(t -> k.addAll(t.keySet()));
    return k;
  }

  static String idOf(String name, Map<String, String> tags) {
    return UUID.nameUUIDFromBytes(
            (name + "|" + new TreeMap<>(tags)).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
