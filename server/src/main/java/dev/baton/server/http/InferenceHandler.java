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
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.server.tokenize.PromptTokens;
import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.handoff.RequestKind;
import dev.baton.transfer.protocol.ExchangeRequest;
import dev.baton.transfer.protocol.Exchanges;
import dev.baton.transfer.relay.Downstream;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code POST /v1/completions} and {@code POST /v1/chat/completions}: parse, pick the pool by model,
 * ask the scheduler for a plan and execute it with one call into transfer. Every step that can end
 * the request returns a {@link RequestEnd}, recorded at one place.
 */
final class InferenceHandler implements Handler<RoutingContext> {
  private final RequestKind kind;
  private final RuntimeHolder runtime;
  private final Exchanges exchanges;
  private final RequestObserver observer;
  private final Guards guards;
  private final PromptTokens tokens;

  InferenceHandler(RequestKind kind, RuntimeHolder runtime, Exchanges exchanges,
      RequestObserver observer, Guards guards, PromptTokens tokens) {
    this.tokens = tokens;
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
    serve(ctx, requestId, trace, rec).onComplete(ar -> RequestEnd.record(ctx, rec, ar));
  }

  private Future<RequestEnd> serve(RoutingContext ctx, String requestId, TraceParent trace,
      RequestRecord rec) {
    Buffer bytes = ctx.body().buffer();
    InferenceRequest request;
    try {
      request = InferenceRequestParser.parse(bytes == null ? Buffer.buffer() : bytes, kind,
          guards.gate().trustsPriorityClaims(ctx));
    } catch (BadRequestException e) {
      return RequestEnd.refuse(e.error(), RequestOutcome.REJECTED);
    }
    rec.model(request.model());
    BatonRuntime current = runtime.get();
    Optional<PoolRoute> route = current.route(request.model());
    if (route.isEmpty()) {
      return RequestEnd.refuse(OpenAiError.modelNotFound(request.model()), RequestOutcome.REJECTED);
    }
    Optional<OpenAiError> tooLarge = guards.limits().limits()
        .prompt(request.promptText().length(), request.promptTokens(), request.maxTokens())
        .or(() -> guards.limits().limits()
            .batch(request.perPrompt(), request.prompts(), request.completionTokens()));
    if (tooLarge.isPresent()) {
      return RequestEnd.refuse(tooLarge.get(), RequestOutcome.REJECTED);
    }
    return guards.gate()
        .enter(ctx, route.get().pool().name(), request.tokenCharge())
        .transform(admission -> admission.failed()
            ? Future.succeededFuture(new RequestEnd.Answered(429, RequestOutcome.REJECTED))
            : tokens.of(current, route.get(), request.model(), kind == RequestKind.CHAT,
                    request.body())
                .compose(ids -> admitted(ctx, requestId, trace, rec, request, bytes, current,
                    route.get(), admission.result(), ids)));
  }

  /** Runs once admission control let the request in; the permit is released when it ends. */
  private Future<RequestEnd> admitted(RoutingContext ctx, String requestId, TraceParent trace,
      RequestRecord rec,
      InferenceRequest request, Buffer bytes, BatonRuntime current, PoolRoute poolRoute,
      Permit permit, int[] promptTokenIds) {
    Pool pool = poolRoute.pool();
    SchedulingRequest asked =
        new SchedulingRequest(
            requestId,
            request.model(),
            request.promptText(),
            request.promptTokens(),
            request.maxTokens(),
            ctx.request().getHeader(current.config().scheduling().sessionHeader()),
            pool.loraAdapterOf(request.model()));
    // With the engine's token ids the precise prefix view can judge the prompt.
    SchedulingRequest scheduling =
        promptTokenIds == null ? asked : asked.withPromptTokenIds(promptTokenIds);
    Optional<RoutingPlan> plan = current.scheduler().plan(scheduling, pool);
    if (plan.isEmpty()) {
      permit.release();
      return RequestEnd.refuse(OpenAiError.noWorker(request.model()), RequestOutcome.NO_WORKER);
    }
    rec.onRouted(plan.get(), request.promptTokens());
    Downstream down =
        new Downstream(ctx.request(), requestId, new RecordingListener(rec, request.stream()));
    InFlightExchanges.attach(ctx, down);
    MultiMap headers = ForwardedHeaders.of(ctx.request(), requestId,
        UpstreamCredentials.forPool(current.config(), pool.name()));
    // Workers join the client's trace (or a new one Baton starts), so their spans line up with ours.
    headers.set(TraceParent.HEADER, trace.header());
    Buffer body = request.bodyModified() ? Buffer.buffer(request.body().toString()) : bytes;
    return exchanges.execute(
        down,
        new ExchangeRequest(
            kind, request.body(), body, headers, request.stream(), request.wantsPromptParts(),
            scheduling, pool, current.scheduler(), poolRoute.dialect(), poolRoute.policy(),
            poolRoute.workers()),
        plan.get())
        .onComplete(ar -> permit.release())
        .map(RequestEnd.Exchanged::new);
  }
}
