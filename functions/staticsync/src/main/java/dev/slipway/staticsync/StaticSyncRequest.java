package dev.slipway.staticsync;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.model.Name;
import java.util.List;

/**
 * The staticsync state's input: where an app's static data comes from and where it must end up.
 *
 * @param verifyOnly compare checksums without copying (a separate validation step)
 */
public record StaticSyncRequest(
    @Name String app,
    Location source,
    List<Location> destinations,
    @JsonProperty("verify_only") boolean verifyOnly) {

  /** A bucket, its region and a key prefix ({@code ""} for the whole bucket). */
  public record Location(String bucket, String region, String prefix) {
    public String prefixOrEmpty() {
      return prefix == null ? "" : prefix;
    }

    public String uri(String key) {
      return "s3://" + bucket + "/" + key;
    }
  }
}
