package dev.baton.server.metrics;

import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.accesslog.AccessLogEntry;
import dev.baton.server.accesslog.TraceParent;
import dev.baton.transfer.handoff.PrefillResult;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * What Baton saw of one request, from arrival to its last byte. The request path calls the
 * {@code on*} methods as things happen; {@link #onEnd} records the metrics and writes the access-log
 * line once (later calls are ignored, so every exit path may call it).
 *
 * <p>Not thread-safe: call it from the request's event loop, where Vert.x runs all of a request's
 * callbacks (both legs and the relay included).
 */
public final class RequestRecord {
  private final BatonMetrics metrics;
  private final AccessLog accessLog;
  private final String requestId;
  private final TraceParent trace;
  private final long startNanos;
  private String model;
  private ModelMeters meters;
  private Route route = Route.NONE;
  private String decision;
  private String decodeEndpoint;
  private String prefillEndpoint;
  private PrefillResult prefillResult;
  private int promptTokensEstimate = -1;
  private long decodeStartNanos = -1;
  private long firstTokenNanos = -1;
  private long lastTokenNanos;
  private int tokens;
  private SseDataScanner scanner;
  private boolean ended;
  private TokenTimingListener timing;

  RequestRecord(BatonMetrics metrics, AccessLog accessLog, String requestId, String model,
      TraceParent trace, long startNanos) {
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.requestId = requestId;
    this.trace = trace;
    this.startNanos = startNanos;
    model(model);
  }

  /** Sets the model once the body is parsed. */
  public RequestRecord model(String name) {
    this.model = name;
    this.meters = metrics.model(name);
    return this;
  }

  /**
   * The scheduler planned the request.
   *
   * @param promptTokensEstimate the prompt's token estimate the plan was made with
   */
  public void onRouted(RoutingPlan plan, int promptTokensEstimate) {
    route = plan.disaggregated() ? Route.DISAGGREGATED : Route.AGGREGATED;
    decision = plan.reason().tag();
    decodeEndpoint = plan.decode().id();
    prefillEndpoint = plan.prefill() == null ? null : plan.prefill().id();
    this.promptTokensEstimate = promptTokensEstimate;
    metrics.routed(meters, plan.disaggregated(), plan.reason(), promptTokensEstimate,
        plan.estimatedUncachedTokens());
  }

  /** Tells {@code listener} of the first token and the end (one listener; the latest set wins). */
  public void timing(TokenTimingListener listener) {
    this.timing = listener;
  }

  /** The prefill leg ended (after its retries) after {@code took}. */
  public void onPrefillLeg(Duration took, PrefillResult result) {
    prefillResult = result;
    meters.prefillLeg(result).record(took);
  }

  /**
   * The decode leg was sent. Optional: without it the decode leg is timed from routing, which for an
   * aggregated request is the same moment.
   */
  public void onDecodeStart() {
    decodeStartNanos = metrics.nanoTime();
  }

  /**
   * The answer's first token reached Baton. Use it where tokens are not seen one by one; streams call
   * {@link #onToken()} for every token event instead (the first one counts as the first token).
   */
  public void onFirstToken() {
    if (firstTokenNanos < 0) {
      firstTokenNanos = metrics.nanoTime();
      lastTokenNanos = firstTokenNanos;
      long ttft = firstTokenNanos - startNanos;
      if (route != Route.NONE) {
        meters.route(route).ttft.record(ttft, TimeUnit.NANOSECONDS);
      }
      metrics.firstToken(ttft);
      if (timing != null) {
        timing.firstToken(ttft);
      }
    }
  }

  /** A token event (one SSE chunk of the answer) reached Baton. */
  public void onToken() {
    tokens++;
    if (firstTokenNanos < 0) {
      onFirstToken();
      return;
    }
    long now = metrics.nanoTime();
    if (route != Route.NONE) {
      meters.route(route).itl.record(now - lastTokenNanos, TimeUnit.NANOSECONDS);
    }
    lastTokenNanos = now;
  }

  /**
   * A chunk of a streamed ({@code text/event-stream}) answer passed through Baton: each JSON
   * {@code data:} event in it counts as a token ({@link #onToken()}). Feed every chunk of the stream
   * in order; events split across chunks are handled, and nothing is buffered.
   */
  public void onStreamChunk(Buffer chunk) {
    if (scanner == null) {
      scanner = new SseDataScanner();
    }
    for (int i = scanner.scan(chunk); i > 0; i--) {
      onToken();
    }
  }

  /**
   * The request ended: its answer is complete, failed, or the client left. Records everything and
   * writes the access-log line; only the first call counts.
   *
   * @param status the HTTP status the client got (or was about to get)
   * @param usage the worker's reported usage, or {@link Usage#UNKNOWN}
   */
  public void onEnd(int status, RequestOutcome outcome, Usage usage) {
    if (ended) {
      return;
    }
    ended = true;
    long end = metrics.nanoTime();
    if (timing != null) {
      timing.ended(tokens >= 2 ? lastTokenNanos - firstTokenNanos : 0, tokens);
    }
    ModelMeters.RouteMeters rm = meters.route(route);
    rm.ended(outcome, status).increment();
    rm.duration.record(end - startNanos, TimeUnit.NANOSECONDS);
    if (route != Route.NONE) {
      long decodeFrom = decodeStartNanos >= 0 ? decodeStartNanos : startNanos;
      rm.decodeLeg.record(end - decodeFrom, TimeUnit.NANOSECONDS);
    }
    Usage u = usage == null ? Usage.UNKNOWN : usage;
    Integer prompt = u.promptTokens() >= 0 ? Integer.valueOf(u.promptTokens())
        : promptTokensEstimate >= 0 ? Integer.valueOf(promptTokensEstimate) : null;
    Integer completion = u.completionTokens() >= 0 ? Integer.valueOf(u.completionTokens())
        : tokens > 0 ? Integer.valueOf(tokens) : null;
    if (prompt != null) {
      meters.promptTokens.increment(prompt);
    }
    if (completion != null) {
      meters.completionTokens.increment(completion);
    }
    metrics.ended();
    accessLog.write(new AccessLogEntry(
        Instant.now().toString(), requestId, trace == null ? null : trace.traceId(), model,
        route.tag(), decision, decodeEndpoint, prefillEndpoint,
        prefillResult == null ? null : prefillResult.tag(),
        firstTokenNanos < 0 ? null : millis(firstTokenNanos - startNanos),
        prompt, completion, status, outcome.tag(), millis(end - startNanos)));
  }

  public String requestId() {
    return requestId;
  }

  public Route route() {
    return route;
  }

  public boolean ended() {
    return ended;
  }

  /** Milliseconds to the microsecond: enough for latencies, short in the log. */
  private static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}
