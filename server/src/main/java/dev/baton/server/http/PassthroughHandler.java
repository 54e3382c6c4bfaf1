package dev.baton.server.http;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.server.metrics.RequestObserver;
import dev.baton.server.metrics.RequestOutcome;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.transfer.exchange.SingleLegExchange;
import dev.baton.transfer.upstream.UpstreamRequest;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;

/**
 * One allow-listed {@code POST} route besides chat and completions ({@code
 * server.passthroughRoutes}: embeddings, score, rerank, responses, tokenize, audio...): sent to a
 * worker serving the body's {@code model} (a JSON field, or a form field of a multipart upload), to
 * the same route on that worker. It passes the checks chat passes (auth, limits,
 * rate limits, admission, access log and metrics: {@link RequestIntake}), its body charged by size.
 */
final class PassthroughHandler implements Handler<RoutingContext> {
  private final String route;
  private final SingleLegExchange single;
  private final RequestIntake intake;

  PassthroughHandler(String route, RuntimeHolder runtime, SingleLegExchange single,
      RequestObserver observer, Guards guards) {
    this.route = route;
    this.single = single;
    this.intake = new RequestIntake(runtime, observer, guards);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<String> boundary =
        MultipartForm.boundary(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    intake.handle(ctx, boundary.isPresent()
        ? (bytes, trustsPriority, json) -> PassthroughRequest.multipart(bytes, boundary.get())
        : PassthroughRequest::parse, this::serve);
  }

  private Future<RequestEnd> serve(RequestIntake.Arrival arrival, PassthroughRequest request) {
    return intake.admit(arrival, request.model(),
        limits -> limits.prompt(request.chars(), request.tokens(), 0),
        request.tokens(),
        (current, poolRoute) -> admitted(arrival, request, current, poolRoute));
  }

  private Future<RequestEnd> admitted(RequestIntake.Arrival arrival, PassthroughRequest request,
      BatonRuntime current, PoolRoute poolRoute) {
    String served = poolRoute.config().servedName(request.model());
    SchedulingRequest scheduling = new SchedulingRequest(
        arrival.requestId(), served, "", request.tokens(), 0, null, null);
    Optional<EndpointState> endpoint =
        current.scheduler().pick(Phase.DECODE, scheduling, poolRoute.pool(), Set.of());
    if (endpoint.isEmpty()) {
      return RequestEnd.refuse(NoWorkerError.of(request.model(),
          current.scheduler().whyNoCandidate(scheduling, poolRoute.pool())), RequestOutcome.NO_WORKER);
    }
    arrival.rec().onRouted(new RoutingPlan(endpoint.get(), null, request.tokens(),
        RoutingPlan.Reason.AGGREGATED_POOL), request.tokens());
    // The configured route, not the client's spelling of it; only the query is the client's.
    String query = arrival.ctx().request().query();
    return single.forward(
            arrival.downstream(false),
            endpoint.get(),
            new UpstreamRequest(HttpMethod.POST, route + (query == null ? "" : "?" + query),
                arrival.forwardedHeaders(poolRoute), request.bodyFor(served)),
            request.tokens(),
            tried -> current.scheduler().pick(Phase.DECODE, scheduling, poolRoute.pool(), tried),
            () -> {}, poolRoute.workers())
        .map(RequestEnd.Exchanged::new);
  }
}
