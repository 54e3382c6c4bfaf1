package dev.baton.server.metrics;

import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.accesslog.TraceParent;
import dev.baton.server.tracing.RequestSpans;
import dev.baton.server.tracing.Tracing;
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
  private final Tracing tracing;

  public RequestObserver(BatonMetrics metrics, AccessLog accessLog) {
    this(metrics, accessLog, Tracing.OFF);
  }

  /** With OpenTelemetry spans for each request ({@link Tracing#OFF}: none). */
  public RequestObserver(BatonMetrics metrics, AccessLog accessLog, Tracing tracing) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
    this.tracing = Objects.requireNonNull(tracing, "tracing");
  }

  /** Where requests start their spans. */
  public Tracing tracing() {
    return tracing;
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
    return onStart(requestId, model, trace, null);
  }

  /** Like above, with the request's OpenTelemetry spans (null when tracing is off). */
  public RequestRecord onStart(String requestId, String model, TraceParent trace,
      RequestSpans spans) {
    metrics.started();
    return new RequestRecord(metrics, accessLog, requestId, model, trace, metrics.nanoTime())
        .withSpans(spans);
  }

  public BatonMetrics metrics() {
    return metrics;
  }
}
