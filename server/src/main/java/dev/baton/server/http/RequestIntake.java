package dev.baton.server.http;

import dev.baton.server.accesslog.TraceParent;
import dev.baton.server.admission.AdmissionConfig;
import dev.baton.server.admission.Permit;
import dev.baton.server.admission.RequestGate;
import dev.baton.server.auth.UpstreamCredentials;
import dev.baton.server.limits.JsonBodies;
import dev.baton.server.limits.RequestLimits;
import dev.baton.server.limits.TenantRateLimits;
import dev.baton.server.metrics.RequestObserver;
import dev.baton.server.metrics.RequestOutcome;
import dev.baton.server.metrics.RequestRecord;
import dev.baton.server.tracing.RequestSpans;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.relay.Downstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Function;

/**
 * The steps every request naming a {@code model} takes before a worker sees it, whatever its route:
 * a request id and trace, its record, the parse, the pool serving the model, the request limits and
 * admission; and the one place its end is recorded. Chat, completions and the passthrough routes
 * share it, so a new check is added once.
 */
record RequestIntake(RuntimeHolder runtime, RequestObserver observer, Guards guards) {
  /** The end of a request the gate refused: it has sent the 429 itself. */
  private static final Future<RequestEnd> REFUSED =
      Future.succeededFuture(new RequestEnd.Answered(429, RequestOutcome.REJECTED));

  /**
   * Reads a route's body with {@code json}, the reader holding the nesting limit in force; a
   * malformed one is refused with the exception's error.
   */
  @FunctionalInterface
  interface BodyParser<R> {
    R parse(Buffer body, boolean trustsPriorityClaims, JsonBodies json) throws BadRequestException;
  }

  /** What a route does with a parsed request: find the pool, check limits, pass admission. */
  @FunctionalInterface
  interface Serve<R> {
    Future<RequestEnd> serve(Arrival arrival, R request);
  }

  /** A route's work once admitted; the permit is released when its future ends. */
  @FunctionalInterface
  interface Admitted {
    Future<RequestEnd> run(BatonRuntime current, PoolRoute route);
  }

  /**
   * A request that arrived: its context, the client headers Baton reads, its tenant, id, trace (the
   * client's or a new one) and record.
   */
  record Arrival(RoutingContext ctx, ClientHeaders headers, String tenant, String requestId,
      TraceParent trace, RequestRecord rec) {

    /**
     * The headers for a worker of {@code pool}, with its credentials; workers join the request's
     * trace, so their spans line up with Baton's.
     */
    MultiMap forwardedHeaders(PoolRoute pool) {
      MultiMap headers = ForwardedHeaders.of(ctx.request(), requestId,
          UpstreamCredentials.of(pool.config()));
      headers.set(TraceParent.HEADER, trace.header());
      return headers;
    }

    /**
     * The client's side of the exchange, feeding the record; attached to the request so that a
     * shutdown can end a relayed stream properly.
     */
    Downstream downstream(boolean stripUsage) {
      Downstream down =
          new Downstream(ctx.request(), requestId, new RecordingListener(rec, stripUsage));
      InFlightExchanges.attach(ctx, down);
      return down;
    }
  }

  /** Starts the request, parses its body, runs {@code serve}; records the end however it came. */
  <R> void handle(RoutingContext ctx, BodyParser<R> parser, Serve<R> serve) {
    HttpServerRequest request = ctx.request();
    AdmissionConfig admission = guards.gate().admission().config();
    ClientHeaders headers = ClientHeaders.read(request.headers(), admission.tenantHeader(),
        admission.priorityHeader(), runtime.get().config().scheduling().sessionHeader());
    String requestId = RequestIds.of(headers.requestId());
    ctx.response().putHeader(Downstream.REQUEST_ID, requestId);
    String clientTrace = headers.traceparent();
    // The span's name is only built when tracing is on.
    RequestSpans spans = !observer.tracing().enabled() ? null : observer.tracing().start(
        clientTrace, request.method().name() + " " + request.path());
    // Traced, Baton's request span is the workers' parent; else Baton is one more hop.
    TraceParent trace = spans != null ? spans.traceParent() : TraceParent.forRequest(clientTrace);
    RequestRecord rec = observer.onStart(requestId, null, trace, spans);
    Arrival arrival = new Arrival(ctx, headers, RequestGate.tenantOf(ctx, headers.tenant()),
        requestId, trace, rec);
    parsed(arrival, parser, serve).onComplete(ar -> RequestEnd.record(ctx, rec, ar));
  }

  private <R> Future<RequestEnd> parsed(Arrival arrival, BodyParser<R> parser, Serve<R> serve) {
    Buffer bytes = arrival.ctx().body().buffer();
    R request;
    try {
      request = parser.parse(bytes == null ? Buffer.buffer() : bytes,
          guards.gate().trustsPriorityClaims(arrival.ctx()), guards.limits().limits().json());
    } catch (BadRequestException e) {
      return RequestEnd.refuse(e.error(), RequestOutcome.REJECTED);
    }
    return serve.serve(arrival, request);
  }

  /**
   * Finds the pool serving {@code model}, refuses what {@code tooLarge} finds over the limits, and
   * passes admission charged {@code charge} tokens; then runs {@code admitted}.
   */
  Future<RequestEnd> admit(Arrival arrival, String model,
      Function<RequestLimits, Optional<OpenAiError>> tooLarge, long charge, Admitted admitted) {
    arrival.rec().model(model);
    BatonRuntime current = runtime.get();
    Optional<PoolRoute> route = current.route(model);
    if (route.isEmpty()) {
      return RequestEnd.refuse(OpenAiError.modelNotFound(model), RequestOutcome.REJECTED);
    }
    Optional<OpenAiError> over = tooLarge.apply(guards.limits().limits());
    if (over.isPresent()) {
      return RequestEnd.refuse(over.get(), RequestOutcome.REJECTED);
    }
    arrival.rec().onAdmissionStart();
    Future<Permit> entered = guards.gate().enter(arrival.ctx(), arrival.tenant(),
        arrival.headers().priority(), route.get().pool().name(), charge);
    // Mostly decided at once (a free slot, a full queue): no future to compose then.
    if (entered.isComplete()) {
      return entered.succeeded()
          ? run(arrival, charge, entered.result(), current, route.get(), admitted) : REFUSED;
    }
    return entered.transform(admission -> admission.failed() ? REFUSED
        : run(arrival, charge, admission.result(), current, route.get(), admitted));
  }

  /** Runs an admitted route's work, releasing {@code permit} when it ends, however it ends. */
  private Future<RequestEnd> run(Arrival arrival, long charge, Permit permit,
      BatonRuntime current, PoolRoute route, Admitted admitted) {
    arrival.rec().onAdmitted();
    arrival.rec().onSettle(used -> settle(arrival.tenant(), charge, used));
    Future<RequestEnd> end;
    try {
      end = admitted.run(current, route);
    } catch (RuntimeException e) {
      // As a composed future would have it: the request ends as failed, and is still recorded.
      permit.release();
      return Future.failedFuture(e);
    }
    return end.onComplete(ar -> permit.release());
  }

  /** Corrects the tenant's tokens charge from the estimate to what the workers reported. */
  private void settle(String tenant, long charged, long used) {
    TenantRateLimits rates = guards.gate().rates();
    if (rates.settle(tenant, charged, used)) {
      observer.metrics().tenantTokens(rates.labelOf(tenant), used);
    }
  }
}
