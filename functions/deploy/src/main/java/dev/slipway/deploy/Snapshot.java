package dev.slipway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.manifests.ObjectRef;
import java.time.Instant;
import java.util.List;

/**
 * The live state of every object a release targets, taken before its first write: rollback puts it
 * back without depending on the cluster's own history.
 *
 * @param objects one entry per target object; {@code live} is null when it did not exist
 */
public record Snapshot(
    String app, String cluster, String execution, Instant takenAt, List<Entry> objects) {

  public Snapshot {
    objects = List.copyOf(objects);
  }

  public record Entry(ObjectRef ref, JsonNode live) {
    public Entry {
      live = live == null || live.isNull() || live.isMissingNode() ? null : live;
    }
  }
}
