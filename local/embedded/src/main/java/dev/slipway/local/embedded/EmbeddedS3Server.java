package dev.slipway.local.embedded;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 API in-process: S3Proxy 4.1.0 over a transient (in-memory) blob store, on a free
 * loopback port, with fixed local credentials. Conditional writes ({@code If-Match}, {@code
 * If-None-Match}) are decided atomically per key, as Amazon S3 decides them (see {@link
 * SerializedWrites}): of N writers racing with the same condition, exactly one wins. {@code slipway
 * run} stores a release's artifacts in it; tests reach it through the store module's {@code
 * EmbeddedS3} extension. Nothing outlives {@link #close()}.
 */
public final class EmbeddedS3Server implements AutoCloseable {
  /** The access key the server accepts (SigV2 or SigV4). Local only, never a real credential. */
  public static final String ACCESS_KEY = "slipway-test";

  /** The matching secret key. */
  public static final String SECRET_KEY = "slipway-test-secret";

  /** The region clients sign for. */
  public static final String REGION = "us-east-1";

  private static final long START_TIMEOUT_NANOS = 10_000_000_000L;

  private final S3Proxy proxy;
  private final URI endpoint;

  private EmbeddedS3Server(S3Proxy proxy) {
    this.proxy = proxy;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Starts a server and waits until it accepts requests. */
  public static EmbeddedS3Server start() {
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new SerializedWrites(new TransientNio2BlobStore()))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the embedded S3 server did not start within 10 s (state "
                  + proxy.getState()
                  + "): check that loopback ports can be bound");
        }
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the embedded S3 server", e);
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the embedded S3 server: " + e, e);
    }
    return new EmbeddedS3Server(proxy);
  }

  /** The endpoint, e.g. {@code http://127.0.0.1:40123}; use path-style addressing. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the embedded S3 server", e);
    }
  }
}
