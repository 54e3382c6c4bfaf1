package dev.baton.server.http;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.server.accesslog.TraceParent;
import dev.baton.server.admission.Permit;
import dev.baton.server.auth.UpstreamCredentials;
import dev.baton.server.metrics.RequestObserver;
import dev.baton.server.metrics.RequestOutcome;
import dev.baton.server.metrics.RequestRecord;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.exchange.SingleLegExchange;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.upstream.UpstreamRequest;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;

/**
 * One allow-listed {@code POST /v1/*} route besides chat and completions ({@code
 * server.passthroughRoutes}: embeddings, score, rerank...): sent to a worker serving the body's
 * {@code model}, to the same route on that worker. It passes the checks chat passes (auth, limits,
 * rate limits, admission, access log and metrics), its body charged by size.
 */
final class PassthroughHandler implements Handler<RoutingContext> {
  private final String route;
  private final RuntimeHolder runtime;
  private final SingleLegExchange single;
  private final RequestObserver observer;
  private final Guards guards;

  PassthroughHandler(String route, RuntimeHolder runtime, SingleLegExchange single,
      RequestObserver observer, Guards guards) {
    this.route = route;
    this.runtime = runtime;
    this.single = single;
    this.observer = observer;
    this.guards = guards;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String requestId = RequestIds.of(ctx.request());
    ctx.response().putHeader(RequestIds.HEADER, requestId);
    TraceParent trace = TraceParent.forRequest(ctx.request().getHeader(TraceParent.HEADER));
    RequestRecord rec = observer.onStart(requestId, null, trace);
    serve(ctx, requestId, trace, rec).onComplete(ar -> RequestEnd.record(ctx, rec, ar));
  }

  private Future<RequestEnd> serve(RoutingContext ctx, String requestId, TraceParent trace,
      RequestRecord rec) {
    Buffer bytes = ctx.body().buffer();
    PassthroughRequest request;
    try {
      request = PassthroughRequest.parse(bytes == null ? Buffer.buffer() : bytes,
          guards.gate().trustsPriorityClaims(ctx));
    } catch (BadRequestException e) {
      return RequestEnd.refuse(e.error(), RequestOutcome.REJECTED);
    }
    rec.model(request.model());
    BatonRuntime current = runtime.get();
    Optional<PoolRoute> poolRoute = current.route(request.model());
    if (poolRoute.isEmpty()) {
      return RequestEnd.refuse(OpenAiError.modelNotFound(request.model()), RequestOutcome.REJECTED);
    }
    Optional<OpenAiError> tooLarge =
        guards.limits().limits().prompt(request.chars(), request.tokens(), 0);
    if (tooLarge.isPresent()) {
      return RequestEnd.refuse(tooLarge.get(), RequestOutcome.REJECTED);
    }
    return guards.gate()
        .enter(ctx, poolRoute.get().pool().name(), request.tokens())
        .transform(admission -> admission.failed()
            ? Future.succeededFuture(new RequestEnd.Answered(429, RequestOutcome.REJECTED))
            : admitted(ctx, requestId, trace, rec, request, current, poolRoute.get(),
                admission.result()));
  }

  private Future<RequestEnd> admitted(RoutingContext ctx, String requestId, TraceParent trace, RequestRecord rec,
      PassthroughRequest request, BatonRuntime current, PoolRoute poolRoute, Permit permit) {
    SchedulingRequest scheduling =
        new SchedulingRequest(requestId, request.model(), "", request.tokens(), 0, null, null);
    Optional<EndpointState> endpoint =
        current.scheduler().pick(Phase.DECODE, scheduling, poolRoute.pool(), Set.of());
    if (endpoint.isEmpty()) {
      permit.release();
      return RequestEnd.refuse(OpenAiError.noWorker(request.model()), RequestOutcome.NO_WORKER);
    }
    rec.onRouted(new RoutingPlan(endpoint.get(), null, request.tokens(), RoutingPlan.Reason.AGGREGATED_POOL),
        request.tokens());
    MultiMap headers = ForwardedHeaders.of(ctx.request(), requestId,
        UpstreamCredentials.forPool(current.config(), poolRoute.pool().name()));
    headers.set(TraceParent.HEADER, trace.header());
    // The configured route, not the client's spelling of it; only the query is the client's.
    String query = ctx.request().query();
    Downstream down = new Downstream(ctx.request(), requestId, new RecordingListener(rec, false));
    InFlightExchanges.attach(ctx, down);
    return single.forward(
            down,
            endpoint.get(),
            new UpstreamRequest(HttpMethod.POST, route + (query == null ? "" : "?" + query),
                headers, request.body()),
            request.tokens(),
            tried -> current.scheduler().pick(Phase.DECODE, scheduling, poolRoute.pool(), tried),
            () -> {}, poolRoute.workers())
        .onComplete(ar -> permit.release())
        .map(RequestEnd.Exchanged::new);
  }
}
