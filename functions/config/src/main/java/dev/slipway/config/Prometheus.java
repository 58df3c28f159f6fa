package dev.slipway.config;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Prometheus-compatible query endpoint (Prometheus, Thanos, Mimir, Amazon Managed Prometheus):
 * where a cluster's canary queries go, how they authenticate, and the label matchers that select
 * the cluster's series there.
 *
 * @param url the base URL; Slipway calls {@code <url>/api/v1/query_range}. No credentials in it.
 * @param authSecret the Secrets Manager id of the credentials, JSON {@code {"bearerToken": ...}} or
 *     {@code {"username": ..., "password": ...}} (optional; never the credentials themselves)
 * @param headers extra non-secret request headers, e.g. {@code X-Scope-OrgID} or {@code
 *     THANOS-TENANT} (optional)
 * @param extraLabels label matchers for this endpoint's series, e.g. {@code cluster: prod-edge-1}
 *     on a Thanos that serves several clusters; queries use them as the placeholder {@code
 *     %(extraLabels)s} / {@code ${extraLabels}} (optional)
 */
public record Prometheus(
    URI url, String authSecret, Map<String, String> headers, Map<String, String> extraLabels) {

  public Prometheus {
    headers = ordered(headers);
    extraLabels = ordered(extraLabels);
  }

  /** An endpoint with a URL only. */
  public Prometheus(URI url) {
    this(url, null, null, null);
  }

  /**
   * The extra labels as PromQL label matchers, in the file's order: {@code name="value",...} with
   * the values escaped as PromQL strings; empty when there are none.
   */
  public String labelMatchers() {
    return extraLabels.entrySet().stream()
        .map(e -> e.getKey() + "=\"" + escape(e.getValue()) + "\"")
        .collect(Collectors.joining(","));
  }

  /** A read-only copy in the file's order (a null value stays, for the validator to name). */
  private static Map<String, String> ordered(Map<String, String> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
