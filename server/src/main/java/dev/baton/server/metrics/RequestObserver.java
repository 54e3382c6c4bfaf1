package dev.baton.server.metrics;

import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.accesslog.TraceParent;
import java.util.Objects;

/**
 * Where the request path reports what happens to each request. {@link #onStart} returns the
 * request's {@link RequestRecord}, which the path then tells about routing, legs, tokens and the end;
 * at the end the record updates the metrics and writes the access-log line. Thread-safe; one instance
 * per process.
 */
public final class RequestObserver {
  private final BatonMetrics metrics;
  private final AccessLog accessLog;

  public RequestObserver(BatonMetrics metrics, AccessLog accessLog) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
  }

  /**
   * A request arrived (call as soon as its id is known; {@code model} may be null if the body is not
   * parsed yet, and set later with {@link RequestRecord#model(String)}).
   */
  public RequestRecord onStart(String requestId, String model) {
    return onStart(requestId, model, null);
  }

  /** Like {@link #onStart(String, String)}, with the trace the request runs under. */
  public RequestRecord onStart(String requestId, String model, TraceParent trace) {
    metrics.started();
    return new RequestRecord(metrics, accessLog, requestId, model, trace, metrics.nanoTime());
  }

  public BatonMetrics metrics() {
    return metrics;
  }
}
