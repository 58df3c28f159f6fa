package dev.slipway.local.run;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/** Measures every handler invocation of a local run, for the cost estimate. */
public final class Meter {
  /** One invocation: the function (its {@code TASK_NAME}) and how long it ran. */
  public record Invocation(String function, long nanos, boolean failed) {
    public double usd() {
      return Billing.lambdaUsd(function, nanos);
    }
  }

  private final List<Invocation> invocations = new ArrayList<>();

  /** {@code handler}, measured under {@code function}. */
  public RequestStreamHandler wrap(String function, RequestStreamHandler handler) {
    return new Metered(function, handler);
  }

  public synchronized List<Invocation> invocations() {
    return List.copyOf(invocations);
  }

  private synchronized void record(Invocation i) {
    invocations.add(i);
  }

  private final class Metered implements RequestStreamHandler {
    private final String function;
    private final RequestStreamHandler delegate;

    Metered(String function, RequestStreamHandler delegate) {
      this.function = function;
      this.delegate = delegate;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context)
        throws IOException {
      long start = System.nanoTime();
      boolean failed = true;
      try {
        delegate.handleRequest(input, output, context);
        failed = false;
      } finally {
        record(new Invocation(function, System.nanoTime() - start, failed));
      }
    }
  }
}
