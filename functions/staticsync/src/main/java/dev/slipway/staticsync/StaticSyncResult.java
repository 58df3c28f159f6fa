package dev.slipway.staticsync;

import java.util.List;

/** What the sync did per destination; every object listed here was verified by checksum. */
public record StaticSyncResult(String app, int objects, List<Destination> destinations) {

  /**
   * @param copied destination keys written by this run
   * @param unchanged objects whose checksum already matched (not copied again)
   * @param verified objects whose destination checksum matched the source's after the copy
   */
  public record Destination(
      String bucket,
      String region,
      String prefix,
      List<String> copied,
      int unchanged,
      int verified) {}
}
