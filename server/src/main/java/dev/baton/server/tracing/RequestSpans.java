package dev.baton.server.tracing;

import dev.baton.server.accesslog.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.concurrent.TimeUnit;

/**
 * One request's spans. The server span starts at arrival, so its id can be the parent workers see
 * in {@code traceparent}; the children (admission wait, scheduling, the prefill and decode legs,
 * the relay of the answer) are made when the request ends, from the moments the request path
 * marked, so no span context travels through the exchange code. Not thread-safe: like the request
 * record, it is called from the request's event loop.
 */
public final class RequestSpans {
  private final Tracer tracer;
  private final Span request;
  private final long epochNanos;
  private final long startNanos;
  private long admissionStart = -1;
  private long admitted = -1;
  private long routed = -1;
  private long prefillStart = -1;
  private long prefillEnd = -1;
  private String prefillResult;
  private long decodeStart = -1;
  private long firstToken = -1;
  private String decodeEndpoint;
  private String prefillEndpoint;
  private boolean ended;

  RequestSpans(Tracer tracer, Span request, long epochNanos, long startNanos) {
    this.tracer = tracer;
    this.request = request;
    this.epochNanos = epochNanos;
    this.startNanos = startNanos;
  }

  /** The {@code traceparent} for workers: this request's span is their parent. */
  public TraceParent traceParent() {
    return Tracing.traceParentOf(request.getSpanContext());
  }

  public void onModel(String model) {
    request.setAttribute("gen_ai.request.model", model);
  }

  public void onAdmissionStart() {
    admissionStart = System.nanoTime();
  }

  public void onAdmitted() {
    admitted = System.nanoTime();
  }

  /** The scheduler planned the request: which endpoints, and the P/D decision. */
  public void onRouted(String decodeEndpoint, String prefillEndpoint, String decision) {
    routed = System.nanoTime();
    this.decodeEndpoint = decodeEndpoint;
    this.prefillEndpoint = prefillEndpoint;
    request.setAttribute("baton.decision", decision);
  }

  /** The prefill leg ended after {@code tookNanos} (its retries included). */
  public void onPrefillLeg(long tookNanos, String result) {
    prefillEnd = System.nanoTime();
    prefillStart = prefillEnd - tookNanos;
    prefillResult = result;
  }

  public void onDecodeStart() {
    decodeStart = System.nanoTime();
  }

  public void onFirstToken() {
    if (firstToken < 0) {
      firstToken = System.nanoTime();
    }
  }

  /**
   * The request ended: makes the children and ends the request span (only the first call).
   *
   * @param decodeServedBy the endpoint whose decode leg served (after retries), or null
   * @param prefillServedBy the endpoint whose prefill leg served, or null
   */
  public void onEnd(int status, String outcome, String decodeServedBy, String prefillServedBy) {
    if (ended) {
      return;
    }
    ended = true;
    long end = System.nanoTime();
    if (admissionStart >= 0) {
      child("baton.admission", SpanKind.INTERNAL, admissionStart)
          .end(at(admitted >= 0 ? admitted : end), TimeUnit.NANOSECONDS);
    }
    if (admitted >= 0 && routed >= 0) {
      child("baton.schedule", SpanKind.INTERNAL, admitted)
          .end(at(routed), TimeUnit.NANOSECONDS);
    }
    if (prefillStart >= 0) {
      Span prefill = child("baton.prefill", SpanKind.CLIENT, prefillStart);
      prefill.setAttribute("baton.endpoint",
          prefillServedBy != null ? prefillServedBy : prefillEndpoint);
      prefill.setAttribute("baton.prefill.result", prefillResult);
      prefill.end(at(prefillEnd), TimeUnit.NANOSECONDS);
    }
    long decodeFrom = decodeStart >= 0 ? decodeStart : routed;
    if (decodeFrom >= 0) {
      Span decode = child("baton.decode", SpanKind.CLIENT, decodeFrom);
      decode.setAttribute("baton.endpoint",
          decodeServedBy != null ? decodeServedBy : decodeEndpoint);
      decode.end(at(end), TimeUnit.NANOSECONDS);
    }
    if (firstToken >= 0) {
      child("baton.relay", SpanKind.INTERNAL, firstToken).end(at(end), TimeUnit.NANOSECONDS);
    }
    request.setAttribute("http.response.status_code", status);
    request.setAttribute("baton.outcome", outcome);
    if (status >= 500) {
      request.setStatus(StatusCode.ERROR);
    }
    request.end(at(end), TimeUnit.NANOSECONDS);
  }

  private Span child(String name, SpanKind kind, long from) {
    SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(kind)
        .setParent(Context.root().with(request))
        .setStartTimestamp(at(from), TimeUnit.NANOSECONDS);
    return builder.startSpan();
  }

  /** A {@link System#nanoTime()} reading as epoch nanoseconds. */
  private long at(long nanoTime) {
    return epochNanos + (nanoTime - startNanos);
  }
}
