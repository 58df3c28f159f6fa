package dev.slipway.analysis;

import java.util.Map;

/**
 * One metric set pair as fetched: a metric's control and experiment data for one label set, on the
 * windows' grids. {@link CanaryAnalysis} turns it into the judge's {@code MetricSetPair}.
 *
 * @param name the metric's name in the canary config
 * @param id a stable id (derived from name and tags, so reruns match)
 * @param tags the series labels shared by both sides (empty when the query aggregates them away)
 * @param control the data before the release
 * @param experiment the data after it
 * @param controlQuery the PromQL sent for the control window
 * @param experimentQuery the PromQL sent for the experiment window
 */
public record MetricPair(
    String name,
    String id,
    Map<String, String> tags,
    SideData control,
    SideData experiment,
    String controlQuery,
    String experimentQuery) {}
