package dev.slipway.awshttp;

import dev.slipway.model.SlipwayException;
import dev.slipway.store.ArtifactErrors;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.StoredObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The {@link ArtifactStore} over S3's REST API with signed requests: GetObject, PutObject (plain,
 * {@code If-None-Match: *}, {@code If-Match}), ListObjectsV2 and DeleteObject, with the same errors
 * as the SDK-based store. Objects go up in one PUT (S3 takes up to 5 GiB that way): this store is
 * for the small objects of fast functions (configuration, approval requests); the pipeline's large
 * artifacts go through the SDK store and its multipart uploads.
 */
public final class S3HttpStore implements ArtifactStore {
  private static final String S3 = "s3";

  /** How often a conditional write is tried while another one is in flight (409). */
  static final int CONFLICT_ATTEMPTS = 4;

  private final AwsHttp http;
  private final String bucket;
  private final URI base;
  private final AwsHttp.Pause pause;
  private final int listPageSize;

  /**
   * @param endpoint an S3-compatible endpoint (path-style requests), or empty for AWS's regional
   *     endpoint (virtual-hosted requests when the bucket name allows them)
   */
  public S3HttpStore(AwsHttp http, String bucket, Optional<URI> endpoint) {
    this(http, bucket, endpoint, d -> Thread.sleep(d.toMillis()), 1000);
  }

  /**
   * @param pause waits between tries of a conditional write that met another one (409)
   * @param listPageSize keys per ListObjectsV2 page, 1 to 1000
   */
  public S3HttpStore(
      AwsHttp http, String bucket, Optional<URI> endpoint, AwsHttp.Pause pause, int listPageSize) {
    this.http = http;
    this.bucket = bucket;
    this.pause = pause;
    this.listPageSize = listPageSize;
    this.base =
        endpoint
            .map(e -> URI.create(trimSlash(e.toString()) + "/" + bucket))
            .orElseGet(() -> awsBase(bucket, http.region()));
  }

  static URI awsBase(String bucket, String region) {
    String host = "s3." + region + "." + AwsJson.dnsSuffix(region);
    boolean virtualHosted = bucket.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
    return virtualHosted
        ? URI.create("https://" + bucket + "." + host)
        : URI.create("https://" + host + "/" + bucket);
  }

  public String bucket() {
    return bucket;
  }

  @Override
  public Optional<StoredObject> find(String key) {
    AwsHttp.Response r;
    try {
      r = send("GetObject", "GET", key, Map.of(), null);
    } catch (AwsCallException e) {
      if (e.status() == 404 && !"NoSuchBucket".equals(e.code())) {
        return Optional.empty();
      }
      throw translate(e, key);
    }
    return Optional.of(new StoredObject(key, r.body(), r.header("ETag"), r.header("Content-Type")));
  }

  @Override
  public String put(String key, byte[] body, String contentType) {
    return write(key, body, contentType, Map.of())
        .orElseThrow(() -> new IllegalStateException("an unconditional write was refused"));
  }

  @Override
  public Optional<String> putIfAbsent(String key, byte[] body, String contentType) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write(key, body, contentType, Map.of("If-None-Match", "*"));
      } catch (AwsCallException e) {
        if (!conflict(e)) {
          throw translate(e, key);
        }
        if (attempt >= CONFLICT_ATTEMPTS) {
          throw ArtifactErrors.conflict(bucket, key, e);
        }
        try {
          pause.pause(Duration.ofMillis(100L << (attempt - 1)));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw ArtifactErrors.conflict(bucket, key, e);
        }
      }
    }
  }

  @Override
  public Optional<String> putIfMatch(String key, byte[] body, String contentType, String etag) {
    try {
      return write(key, body, contentType, Map.of("If-Match", etag));
    } catch (AwsCallException e) {
      if (conflict(e) || (e.status() == 404 && "NoSuchKey".equals(e.code()))) {
        return Optional.empty(); // another writer is at it, or the key vanished
      }
      throw translate(e, key);
    }
  }

  /**
   * A PUT; empty when its precondition failed (412). Throws the AwsCallException of any other error
   * untranslated for conditional writes, translated otherwise.
   */
  private Optional<String> write(
      String key, byte[] body, String contentType, Map<String, String> condition) {
    Map<String, String> headers = new HashMap<>(condition);
    headers.put("Content-Type", contentType == null ? "application/octet-stream" : contentType);
    try {
      return Optional.of(send("PutObject", "PUT", key, headers, body).header("ETag"));
    } catch (AwsCallException e) {
      if (e.status() == 412) {
        return ownWrite(key, body);
      }
      if (!condition.isEmpty()) {
        throw e;
      }
      throw translate(e, key);
    }
  }

  /**
   * After a 412: the ETag when the stored object holds exactly {@code body}, else empty. A
   * conditional PUT whose response was lost and that was tried again fails its own precondition;
   * the write did happen.
   */
  private Optional<String> ownWrite(String key, byte[] body) {
    return find(key).filter(stored -> Arrays.equals(stored.body(), body)).map(StoredObject::etag);
  }

  private static boolean conflict(AwsCallException e) {
    return e.status() == 409 && "ConditionalRequestConflict".equals(e.code());
  }

  @Override
  public List<String> list(String prefix) {
    List<String> keys = new ArrayList<>();
    String token = null;
    do {
      StringBuilder query =
          new StringBuilder("list-type=2&max-keys=")
              .append(listPageSize)
              .append("&prefix=")
              .append(SigV4.encode(prefix, false));
      if (token != null) {
        query.append("&continuation-token=").append(SigV4.encode(token, false));
      }
      AwsHttp.Response r;
      try {
        URI uri = URI.create(base + "?" + query);
        r =
            http.send(
                S3,
                "ListObjectsV2",
                new AwsHttp.Request("GET", uri, Map.of(), null),
                S3HttpStore::error);
        token = readListing(r.body(), keys);
      } catch (AwsCallException e) {
        throw translate(e, prefix);
      }
    } while (token != null);
    return List.copyOf(keys);
  }

  @Override
  public void delete(String key) {
    try {
      send("DeleteObject", "DELETE", key, Map.of(), null);
    } catch (AwsCallException e) {
      if (e.status() == 404 && !"NoSuchBucket".equals(e.code())) {
        return;
      }
      throw translate(e, key);
    }
  }

  private AwsHttp.Response send(
      String operation, String method, String key, Map<String, String> headers, byte[] body) {
    URI uri = URI.create(base + "/" + SigV4.encode(key, true));
    return http.send(
        S3, operation, new AwsHttp.Request(method, uri, headers, body), S3HttpStore::error);
  }

  private SlipwayException translate(AwsCallException e, String key) {
    String operation = e.operation();
    if (e.status() == 403) {
      return ArtifactErrors.accessDenied(bucket, key, operation, e.detail(), e);
    }
    if ("NoSuchBucket".equals(e.code())) {
      return ArtifactErrors.bucketNotFound(bucket, e);
    }
    if (e.throttling()) {
      return ArtifactErrors.throttled(bucket, key, operation, e);
    }
    if (e.status() == 0 || e.status() >= 500) {
      return ArtifactErrors.unavailable(bucket, key, operation, e.detail(), e);
    }
    return ArtifactErrors.refused(bucket, key, operation, e.status() + " " + e.detail(), e);
  }

  /** S3's XML error ({@code <Error><Code>..</Code><Message>..</Message></Error>}). */
  static AwsCallException error(String operation, AwsHttp.Response response) {
    String code = null;
    String message = null;
    if (response.body().length > 0) {
      try {
        XMLStreamReader xml = xml(response.body());
        while (xml.hasNext()) {
          if (xml.next() == XMLStreamReader.START_ELEMENT) {
            switch (xml.getLocalName()) {
              case "Code" -> code = xml.getElementText();
              case "Message" -> message = xml.getElementText();
              default -> {}
            }
          }
        }
      } catch (XMLStreamException e) {
        message = "an error answer that is not XML";
      }
    }
    if (code == null) {
      code =
          response.status() == 404
              ? "NoSuchKey"
              : response.status() == 412 ? "PreconditionFailed" : null;
    }
    return new AwsCallException(S3, operation, response.status(), code, message, null);
  }

  /** Adds the listing's keys; returns the next continuation token, or null after the last page. */
  private static String readListing(byte[] body, List<String> keys) {
    try {
      XMLStreamReader xml = xml(body);
      String next = null;
      boolean truncated = false;
      while (xml.hasNext()) {
        if (xml.next() == XMLStreamReader.START_ELEMENT) {
          switch (xml.getLocalName()) {
            case "Key" -> keys.add(xml.getElementText());
            case "IsTruncated" -> truncated = Boolean.parseBoolean(xml.getElementText().trim());
            case "NextContinuationToken" -> next = xml.getElementText();
            default -> {}
          }
        }
      }
      return truncated ? next : null;
    } catch (XMLStreamException e) {
      throw new AwsCallException(S3, "ListObjectsV2", 0, null, "a listing that is not XML", e);
    }
  }

  private static XMLStreamReader xml(byte[] body) throws XMLStreamException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return factory.createXMLStreamReader(new ByteArrayInputStream(body));
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
