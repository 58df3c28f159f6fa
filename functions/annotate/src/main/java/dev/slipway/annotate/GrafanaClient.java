package dev.slipway.annotate;

import java.util.Map;

/** The port to Grafana's annotations API. Implementations must answer within a few seconds. */
public interface GrafanaClient {

  /** Creates an annotation and returns its id. */
  long create(Map<String, Object> annotation) throws GrafanaException;

  /** Updates the given fields of an annotation. */
  void patch(long id, Map<String, Object> fields) throws GrafanaException;

  /** Why Grafana did not take an annotation: a sentence for the release record and the log. */
  final class GrafanaException extends Exception {
    private static final long serialVersionUID = 1L;

    public GrafanaException(String message) {
      super(message);
    }
  }
}
