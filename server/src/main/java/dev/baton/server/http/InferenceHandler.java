package dev.baton.server.http;

import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.exchange.SingleLegExchange;
import dev.baton.transfer.handoff.RequestKind;
import dev.baton.transfer.handoff.TwoLegExchange;
import dev.baton.transfer.handoff.TwoLegRequest;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.upstream.UpstreamRequest;
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
  private final SingleLegExchange single;
  private final TwoLegExchange twoLeg;

  InferenceHandler(
      RequestKind kind, RuntimeHolder runtime, SingleLegExchange single, TwoLegExchange twoLeg) {
    this.kind = kind;
    this.runtime = runtime;
    this.single = single;
    this.twoLeg = twoLeg;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String requestId = RequestIds.of(ctx.request());
    ctx.response().putHeader(RequestIds.HEADER, requestId);
    Buffer bytes = ctx.body().buffer();
    InferenceRequest request;
    try {
      request = InferenceRequestParser.parse(bytes == null ? Buffer.buffer() : bytes, kind);
    } catch (BadRequestException e) {
      e.error().send(ctx.response());
      return;
    }
    BatonRuntime current = runtime.get();
    Optional<PoolRoute> route = current.route(request.model());
    if (route.isEmpty()) {
      OpenAiError.modelNotFound(request.model()).send(ctx.response());
      return;
    }
    Pool pool = route.get().pool();
    SchedulingRequest scheduling =
        new SchedulingRequest(
            requestId,
            request.model(),
            request.promptText(),
            request.promptTokens(),
            request.maxTokens(),
            ctx.request().getHeader("x-session-id"),
            null);
    Optional<RoutingPlan> plan = current.scheduler().plan(scheduling, pool);
    if (plan.isEmpty()) {
      OpenAiError.noWorker(request.model()).send(ctx.response());
      return;
    }
    Downstream down = new Downstream(ctx.request(), requestId);
    MultiMap headers = ForwardedHeaders.of(ctx.request(), requestId);
    Buffer body = request.bodyModified() ? Buffer.buffer(request.body().toString()) : bytes;
    if (!plan.get().disaggregated()) {
      single.forward(
          down, plan.get().decode(), UpstreamRequest.post(kind.path(), headers, body),
          scheduling.tokenFootprint(),
          tried -> current.scheduler().pick(Phase.DECODE, scheduling, pool, tried), () -> {});
      return;
    }
    twoLeg.execute(
        down,
        new TwoLegRequest(
            kind, request.body(), body, headers, request.stream(), request.wantsPromptParts(),
            scheduling, pool, current.scheduler(), route.get().dialect(), route.get().policy()),
        plan.get());
  }
}
