package dev.baton.server.metrics;

import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.accesslog.AccessLogEntry;
import dev.baton.server.accesslog.AttemptEntry;
import dev.baton.server.accesslog.TraceParent;
import dev.baton.server.capture.TraceDraft;
import dev.baton.transfer.call.AttemptReport;
import dev.baton.transfer.call.Leg;
import dev.baton.transfer.handoff.PrefillResult;
import java.time.Duration;
import dev.baton.server.tracing.RequestSpans;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

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
  private final TokenTimes tokens = new TokenTimes();
  private Usage reported = Usage.UNKNOWN;
  private boolean answered;
  private boolean streamed;
  private final List<AttemptReport> attempts = new ArrayList<>(2);
  private LongConsumer settle;
  private boolean ended;
  private TokenTimingListener timing;
  private RequestSpans spans;
  private TraceDraft traced;

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
    if (spans != null && name != null) {
      spans.onModel(name);
    }
    return this;
  }

  /** The request's OpenTelemetry spans, told what this record is told (null: tracing is off). */
  RequestRecord withSpans(RequestSpans requestSpans) {
    this.spans = requestSpans;
    if (requestSpans != null && model != null) {
      requestSpans.onModel(model);
    }
    return this;
  }

  /** The request's trace line, finished with its token counts when it ends (null: not traced). */
  public void onTraced(TraceDraft draft) {
    this.traced = draft;
  }

  /** The request starts waiting for admission. */
  public void onAdmissionStart() {
    if (spans != null) {
      spans.onAdmissionStart();
    }
  }

  /** Admission let the request in. */
  public void onAdmitted() {
    if (spans != null) {
      spans.onAdmitted();
    }
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
    if (spans != null) {
      spans.onRouted(decodeEndpoint, prefillEndpoint, decision);
    }
  }

  /** Tells {@code listener} of the first token and the end (one listener; the latest set wins). */
  public void timing(TokenTimingListener listener) {
    this.timing = listener;
  }

  /** The prefill leg ended (after its retries) after {@code took}. */
  public void onPrefillLeg(Duration took, PrefillResult result) {
    prefillResult = result;
    meters.prefillLeg(result).record(took);
    if (spans != null) {
      spans.onPrefillLeg(took.toNanos(), result.tag());
    }
  }

  /**
   * The decode leg was sent. Optional: without it the decode leg is timed from routing, which for an
   * aggregated request is the same moment.
   */
  public void onDecodeStart() {
    decodeStartNanos = metrics.nanoTime();
    if (spans != null) {
      spans.onDecodeStart();
    }
  }

  /**
   * A worker's successful answer started reaching the client: from now on its tokens count, by its
   * usage or, failing that, the prompt estimate and (when {@code streamed}) the generated chunks.
   */
  public void onAnswerStart(boolean streamed) {
    answered = true;
    this.streamed = streamed;
  }

  /**
   * The answer's first token reached Baton. Use it where tokens are not seen one by one (a whole
   * JSON answer); streams call {@link #onTokens(int)} for every event with generated output.
   *
   * <p>This and {@link #onTokens(int)} are where Baton observes TTFT and inter-token latency; every
   * reader of those figures (the histograms, the dashboard) is fed from here.
   */
  public void onFirstToken() {
    if (tokens.firstNanos() < 0 && tokens.first(metrics.nanoTime())) {
      firstToken();
    }
  }

  /** What follows from the first token: TTFT recorded and told. */
  private void firstToken() {
    if (spans != null) {
      spans.onFirstToken();
    }
    long ttft = tokens.firstNanos() - startNanos;
    if (route != Route.NONE) {
      meters.route(route).ttft.record(ttft, TimeUnit.NANOSECONDS);
    }
    metrics.firstToken(ttft, tokens.firstNanos());
    if (timing != null) {
      timing.firstToken(ttft);
    }
  }

  /**
   * A stream event carrying {@code count} generated tokens (one per choice with output) reached
   * Baton; 0 is ignored (a role-only or usage chunk is no token). The first is the first token.
   */
  public void onTokens(int count) {
    if (count > 0) {
      onTokens(count, metrics.nanoTime());
    }
  }

  /**
   * Like {@link #onTokens(int)}, for an event that reached Baton at {@code nowNanos}, a reading of
   * {@link #nanoTime()}: the events of one chunk arrived together, so its reader reads the clock
   * once for all of them (their gaps are 0) instead of once per event.
   */
  public void onTokens(int count, long nowNanos) {
    if (count > 0
        && tokens.add(count, nowNanos, route == Route.NONE ? null : meters.route(route).itl)) {
      firstToken();
    }
  }

  /** Now, on the clock this record times tokens with. */
  public long nanoTime() {
    return metrics.nanoTime();
  }

  /** The worker reported {@code usage} (the latest report wins: continuous usage is cumulative). */
  public void onUsage(Usage usage) {
    if (usage.reported()) {
      reported = usage;
    }
  }

  /**
   * An attempt of a leg ended: the access log lists it, and the last attempt of each leg names the
   * endpoint that served it (after a retry or failover, not the first pick).
   */
  public void onAttempt(AttemptReport attempt) {
    metrics.attempt(attempt);
    attempts.add(attempt);
    if (attempt.leg() == Leg.PREFILL) {
      prefillEndpoint = attempt.endpointId();
    } else {
      decodeEndpoint = attempt.endpointId();
    }
  }

  /**
   * Runs {@code action} with the request's total tokens (prompt plus completion, as logged) when it
   * ends: a tenant's tokens/min budget charged an estimate at admission is corrected with it.
   */
  public void onSettle(LongConsumer action) {
    this.settle = action;
  }

  /**
   * The request ended: its answer is complete, failed, or the client left. Records everything and
   * writes the access-log line; only the first call counts.
   *
   * @param status the HTTP status the client got (or was about to get)
   * @param usage usage known to the caller, or {@link Usage#UNKNOWN}; what the worker reported
   *     through {@link #onUsage} comes first
   */
  public void onEnd(int status, RequestOutcome outcome, Usage usage) {
    if (ended) {
      return;
    }
    ended = true;
    if (spans != null) {
      spans.onEnd(status, outcome.tag(), decodeEndpoint, prefillEndpoint);
    }
    long end = metrics.nanoTime();
    if (timing != null) {
      timing.ended(tokens.decodeNanos(), tokens.count());
    }
    ModelMeters.RouteMeters rm = meters.route(route);
    rm.ended(outcome, status).increment();
    rm.duration.record(end - startNanos, TimeUnit.NANOSECONDS);
    if (route != Route.NONE) {
      tokens.flush(rm.itl);
      long decodeFrom = decodeStartNanos >= 0 ? decodeStartNanos : startNanos;
      rm.decodeLeg.record(end - decodeFrom, TimeUnit.NANOSECONDS);
    }
    Usage worker = reported.reported() ? reported : usage == null ? Usage.UNKNOWN : usage;
    TokenCounts counts = TokenCounts.of(worker, answered || worker.reported(),
        promptTokensEstimate, streamed ? tokens.count() : -1);
    meters.countTokens(counts);
    if (settle != null) {
      settle.accept(counts.total());
    }
    metrics.ended(end);
    if (traced != null) {
      traced.finish(counts.prompt(), counts.completion());
    }
    if (accessLog.enabled()) {
      // Only the access log reads the entry: with it off, no clock read, strings or copies.
      accessLog.write(new AccessLogEntry(
          Instant.now(), requestId, trace == null ? null : trace.traceId(), model,
          route.tag(), decision, decodeEndpoint, prefillEndpoint, AttemptEntry.of(attempts),
          prefillResult == null ? null : prefillResult.tag(),
          tokens.firstNanos() < 0 ? null : AccessLogEntry.millis(tokens.firstNanos() - startNanos),
          counts.prompt(), counts.completion(), status, outcome.tag(),
          AccessLogEntry.millis(end - startNanos)));
    }
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
}
