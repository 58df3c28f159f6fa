package dev.slipway.staticsync;

import dev.slipway.store.ArtifactErrors;
import dev.slipway.store.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies every object under the source prefix to each destination prefix, then verifies each one by
 * a SHA-256 that Slipway computes over the bytes it reads back (not the ETag, which multipart
 * uploads and SSE-KMS make meaningless as a checksum). An object whose destination checksum already
 * matches is not copied again, so a re-run copies only what differs. Objects are streamed, so
 * memory stays at one upload part whatever their size.
 */
public final class StaticSyncService {
  private final Buckets buckets;

  public StaticSyncService(Buckets buckets) {
    this.buckets = buckets;
  }

  public StaticSyncResult sync(StaticSyncRequest request) {
    validate(request);
    var source = request.source();
    ArtifactStore from = buckets.open(source.bucket(), source.region());
    String sourcePrefix = source.prefixOrEmpty();

    var checksums = new LinkedHashMap<String, String>();
    for (String key : from.list(sourcePrefix)) {
      checksums.put(
          key.substring(sourcePrefix.length()),
          checksum(from, key).orElseThrow(() -> ArtifactErrors.notFound(key)));
    }
    if (checksums.isEmpty()) {
      throw ArtifactErrors.notFound(
          source.uri(sourcePrefix) + "*",
          "The static data sync found nothing to copy under the source prefix: upload the data"
              + " there first, or fix source.prefix in the app's static data settings.");
    }

    var results = new ArrayList<StaticSyncResult.Destination>();
    var problems = new ArrayList<String>();
    for (var destination : request.destinations()) {
      ArtifactStore to = buckets.open(destination.bucket(), destination.region());
      String prefix = destination.prefixOrEmpty();
      var copied = new ArrayList<String>();
      int unchanged = 0;
      if (!request.verifyOnly()) {
        for (var entry : checksums.entrySet()) {
          String key = prefix + entry.getKey();
          if (checksum(to, key).filter(entry.getValue()::equals).isPresent()) {
            unchanged++;
            continue;
          }
          String sourceKey = sourcePrefix + entry.getKey();
          try (var object =
              from.openStream(sourceKey).orElseThrow(() -> ArtifactErrors.notFound(sourceKey))) {
            to.putStream(key, object.body(), object.length(), contentType(object.contentType()));
          }
          copied.add(key);
        }
      }
      int verified = 0;
      for (var entry : checksums.entrySet()) {
        String key = prefix + entry.getKey();
        Optional<String> actual = checksum(to, key);
        if (actual.isEmpty()) {
          problems.add(destination.uri(key) + " is missing");
        } else if (!actual.get().equals(entry.getValue())) {
          problems.add(
              destination.uri(key)
                  + " has sha256 "
                  + actual.get()
                  + ", the source "
                  + entry.getValue());
        } else {
          verified++;
        }
      }
      results.add(
          new StaticSyncResult.Destination(
              destination.bucket(),
              destination.region(),
              prefix,
              List.copyOf(copied),
              request.verifyOnly() ? 0 : unchanged,
              verified));
    }
    if (!problems.isEmpty()) {
      throw StaticDataErrors.mismatch(problems);
    }
    return new StaticSyncResult(request.app(), checksums.size(), List.copyOf(results));
  }

  /** The SHA-256 of the object's bytes, read as a stream; empty when the object is missing. */
  private static Optional<String> checksum(ArtifactStore store, String key) {
    return store
        .openStream(key)
        .map(
            object -> {
              try (object) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[64 * 1024];
                for (int n = object.body().read(buffer); n >= 0; n = object.body().read(buffer)) {
                  digest.update(buffer, 0, n);
                }
                return HexFormat.of().formatHex(digest.digest());
              } catch (IOException e) {
                throw new UncheckedIOException("could not read " + key, e);
              } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
              }
            });
  }

  private static String contentType(String contentType) {
    return contentType == null ? "application/octet-stream" : contentType;
  }

  private static void validate(StaticSyncRequest request) {
    if (request.source() == null
        || blank(request.source().bucket())
        || blank(request.source().region())) {
      throw StaticDataErrors.invalidRequest("source.bucket and source.region are required");
    }
    if (request.destinations() == null || request.destinations().isEmpty()) {
      throw StaticDataErrors.invalidRequest("no destinations");
    }
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (var destination : request.destinations()) {
      if (blank(destination.bucket()) || blank(destination.region())) {
        throw StaticDataErrors.invalidRequest("every destination needs bucket and region");
      }
      boolean sameAsSource =
          destination.bucket().equals(request.source().bucket())
              && destination.prefixOrEmpty().startsWith(request.source().prefixOrEmpty());
      if (sameAsSource) {
        throw StaticDataErrors.invalidRequest(
            "destination "
                + destination.uri(destination.prefixOrEmpty())
                + " lies inside the source");
      }
      if (seen.put(destination.uri(destination.prefixOrEmpty()), true) != null) {
        throw StaticDataErrors.invalidRequest(
            "destination " + destination.uri(destination.prefixOrEmpty()) + " is listed twice");
      }
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
