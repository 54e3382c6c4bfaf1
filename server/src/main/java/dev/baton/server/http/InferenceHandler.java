package dev.baton.server.http;

import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.server.accesslog.TraceParent;
import dev.baton.server.admission.Permit;
import dev.baton.server.auth.UpstreamCredentials;
import dev.baton.server.metrics.RequestObserver;
import dev.baton.server.metrics.RequestOutcome;
import dev.baton.server.metrics.RequestRecord;
import dev.baton.server.metrics.Usage;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.handoff.RequestKind;
import dev.baton.transfer.protocol.ExchangeRequest;
import dev.baton.transfer.protocol.Exchanges;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.relay.RelayOutcome;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code POST /v1/completions} and {@code POST /v1/chat/completions}: parse, pick the pool by model,
 * ask the scheduler for a plan and execute it, aggregated or split in two legs.
 */
final class InferenceHandler implements Handler<RoutingContext> {
  private final RequestKind kind;
  private final RuntimeHolder runtime;
  private final Exchanges exchanges;
  private final RequestObserver observer;
  private final Guards guards;

  InferenceHandler(RequestKind kind, RuntimeHolder runtime, Exchanges exchanges,
      RequestObserver observer, Guards guards) {
    this.kind = kind;
    this.runtime = runtime;
    this.exchanges = exchanges;
    this.observer = observer;
    this.guards = guards;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String requestId = RequestIds.of(ctx.request());
    ctx.response().putHeader(RequestIds.HEADER, requestId);
    TraceParent trace = TraceParent.forRequest(ctx.request().getHeader(TraceParent.HEADER));
    RequestRecord rec = observer.onStart(requestId, null, trace);
    Buffer bytes = ctx.body().buffer();
    InferenceRequest request;
    try {
      request = InferenceRequestParser.parse(bytes == null ? Buffer.buffer() : bytes, kind,
          guards.gate().trustsPriorityClaims(ctx));
    } catch (BadRequestException e) {
      rec.onEnd(e.error().status(), RequestOutcome.REJECTED, Usage.UNKNOWN);
      e.error().send(ctx.response());
      return;
    }
    rec.model(request.model());
    BatonRuntime current = runtime.get();
    Optional<PoolRoute> route = current.route(request.model());
    if (route.isEmpty()) {
      rec.onEnd(404, RequestOutcome.REJECTED, Usage.UNKNOWN);
      OpenAiError.modelNotFound(request.model()).send(ctx.response());
      return;
    }
    Optional<OpenAiError> tooLarge = guards.limits().limits()
        .prompt(request.promptText().length(), request.promptTokens(), request.maxTokens())
        .or(() -> guards.limits().limits()
            .batch(request.perPrompt(), request.prompts(), request.completionTokens()));
    if (tooLarge.isPresent()) {
      rec.onEnd(tooLarge.get().status(), RequestOutcome.REJECTED, Usage.UNKNOWN);
      tooLarge.get().send(ctx.response());
      return;
    }
    guards.gate()
        .enter(ctx, route.get().pool().name(), request.tokenCharge())
        .onFailure(err -> rec.onEnd(429, RequestOutcome.REJECTED, Usage.UNKNOWN))
        .onSuccess(permit -> admitted(ctx, requestId, trace, rec, request, bytes, current,
            route.get(), permit));
  }

  /** Runs once admission control let the request in; the permit is released when it ends. */
  private void admitted(RoutingContext ctx, String requestId, TraceParent trace, RequestRecord rec,
      InferenceRequest request, Buffer bytes, BatonRuntime current, PoolRoute poolRoute,
      Permit permit) {
    Pool pool = poolRoute.pool();
    SchedulingRequest scheduling =
        new SchedulingRequest(
            requestId,
            request.model(),
            request.promptText(),
            request.promptTokens(),
            request.maxTokens(),
            ctx.request().getHeader(current.config().scheduling().sessionHeader()),
            pool.loraAdapterOf(request.model()));
    Optional<RoutingPlan> plan = current.scheduler().plan(scheduling, pool);
    if (plan.isEmpty()) {
      permit.release();
      rec.onEnd(503, RequestOutcome.NO_WORKER, Usage.UNKNOWN);
      OpenAiError.noWorker(request.model()).send(ctx.response());
      return;
    }
    rec.onRouted(plan.get(), request.promptTokens());
    Downstream down =
        new Downstream(ctx.request(), requestId, new RecordingListener(rec, request.stream()));
    MultiMap headers = ForwardedHeaders.of(ctx.request(), requestId,
        UpstreamCredentials.forPool(current.config(), pool.name()));
    // Workers join the client's trace (or a new one Baton starts), so their spans line up with ours.
    headers.set(TraceParent.HEADER, trace.header());
    Buffer body = request.bodyModified() ? Buffer.buffer(request.body().toString()) : bytes;
    exchanges.execute(
        down,
        new ExchangeRequest(
            kind, request.body(), body, headers, request.stream(), request.wantsPromptParts(),
            scheduling, pool, current.scheduler(), poolRoute.dialect(), poolRoute.policy(),
            poolRoute.workers()),
        plan.get())
        .onComplete(ar -> {
          permit.release();
          ended(ctx, rec, ar);
        });
  }

  /** Records the end of a forwarded request: the status the client got, and how the relay ended. */
  static void ended(RoutingContext ctx, RequestRecord rec, AsyncResult<RelayOutcome> ar) {
    int status = ctx.response().getStatusCode();
    rec.onEnd(status,
        ar.succeeded() ? RequestOutcome.of(ar.result(), status) : RequestOutcome.UPSTREAM_ERROR,
        Usage.UNKNOWN);
  }
}
