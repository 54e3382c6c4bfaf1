package dev.baton.server.metrics;

import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.accesslog.TraceParent;
import dev.baton.server.capture.TraceConfig;
import dev.baton.server.capture.TraceSink;
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
  private final TraceSink traceSink;

  public RequestObserver(BatonMetrics metrics, AccessLog accessLog) {
    this(metrics, accessLog, Tracing.OFF);
  }

  /** With OpenTelemetry spans for each request ({@link Tracing#OFF}: none). */
  public RequestObserver(BatonMetrics metrics, AccessLog accessLog, Tracing tracing) {
    this(metrics, accessLog, tracing, TraceSink.OFF);
  }

  /** With the trace sink {@code trace} describes (null: none), which this observer owns. */
  public RequestObserver(BatonMetrics metrics, AccessLog accessLog, Tracing tracing,
      TraceConfig trace) {
    this(metrics, accessLog, tracing, TraceSink.of(trace));
  }

  private RequestObserver(BatonMetrics metrics, AccessLog accessLog, Tracing tracing,
      TraceSink traceSink) {
    this.traceSink = traceSink;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
    this.tracing = Objects.requireNonNull(tracing, "tracing");
  }

  /** Where inference requests take their trace lines from. */
  public TraceSink traceSink() {
    return traceSink;
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

  /** Writes the access log's and the trace's queued lines and stops their threads. Blocks. */
  public void close() {
    accessLog.close();
    traceSink.close();
  }

  public BatonMetrics metrics() {
    return metrics;
  }
}
