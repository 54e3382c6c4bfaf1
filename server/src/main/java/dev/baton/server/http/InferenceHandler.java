package dev.baton.server.http;

import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.router.latency.SloTarget;
import dev.baton.server.admission.AdmissionConfig;
import dev.baton.server.admission.AdmissionRejected;
import dev.baton.server.admission.RequestGate;
import dev.baton.server.capture.TraceDraft;
import dev.baton.server.capture.TraceSink;
import dev.baton.server.metrics.RequestObserver;
import dev.baton.server.metrics.RequestOutcome;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.server.slo.SloRouting;
import dev.baton.server.tokenize.PromptTokens;
import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.handoff.RequestKind;
import dev.baton.transfer.protocol.ExchangeRequest;
import dev.baton.transfer.protocol.Exchanges;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code POST /v1/completions} and {@code POST /v1/chat/completions}: parse, pick the pool by model,
 * ask the scheduler for a plan and execute it with one call into transfer. Every step that can end
 * the request returns a {@link RequestEnd}, recorded at one place by {@link RequestIntake}.
 */
final class InferenceHandler implements Handler<RoutingContext> {
  /** When a sheddable request refused for its objective may try again: load moves in seconds. */
  private static final Duration SHED_RETRY_AFTER = Duration.ofSeconds(1);

  private final RequestKind kind;
  private final Exchanges exchanges;
  private final RequestIntake intake;
  private final PromptTokens tokens;
  private final SloRouting slo;
  private final TraceSink traceSink;

  InferenceHandler(RequestKind kind, RuntimeHolder runtime, Exchanges exchanges,
      RequestObserver observer, Guards guards, PromptTokens tokens, SloRouting slo) {
    this.tokens = tokens;
    this.slo = slo;
    this.kind = kind;
    this.exchanges = exchanges;
    this.intake = new RequestIntake(runtime, observer, guards);
    this.traceSink = observer.traceSink();
  }

  @Override
  public void handle(RoutingContext ctx) {
    intake.handle(ctx, (bytes, trustsPriority, json) ->
        InferenceRequestParser.parse(bytes, kind, trustsPriority, json), this::serve);
  }

  private Future<RequestEnd> serve(RequestIntake.Arrival arrival, InferenceRequest request) {
    RoutingContext ctx = arrival.ctx();
    SloTarget target;
    String tenant = arrival.tenant();
    try {
      target = slo.target(arrival.headers()::get, request.model(), tenant);
    } catch (IllegalArgumentException e) {
      return RequestEnd.refuse(new OpenAiError(400, e.getMessage(), "invalid_request_error", null,
          "invalid_slo_header"), RequestOutcome.REJECTED);
    }
    TraceDraft traced = trace(arrival, request, tenant, target);
    if (target.hasTtft()) {
      ctx.put(RequestGate.TTFT_DEADLINE, System.nanoTime() + (long) (target.ttftMs() * 1e6));
      Optional<PoolRoute> route = intake.runtime().get().route(request.model());
      if (route.isPresent() && slo.hopeless(
          AdmissionConfig.sheddable(arrival.headers().priority()), target,
          route.get().pool(), request.model(), request.promptTokens())) {
        AdmissionRejected.send(ctx.response(), "No endpoint is predicted to answer within the "
            + "request's TTFT objective of " + target.ttftMs() + " ms, and the request is sheddable",
            SHED_RETRY_AFTER, "slo_unattainable");
        return Future.succeededFuture(new RequestEnd.Answered(429, RequestOutcome.REJECTED));
      }
    }
    return intake.admit(arrival, request.model(),
        limits -> limits
            .prompt(request.promptText().length(), request.promptTokens(), request.maxTokens())
            .or(() -> limits.batch(request.perPrompt(), request.prompts(),
                request.completionTokens())),
        request.tokenCharge(),
        (current, poolRoute) -> {
          String served = served(request, poolRoute);
          Future<int[]> ids =
              tokens.of(poolRoute, served, kind == RequestKind.CHAT, request.body());
          // Known at once unless an engine is asked: then no composition.
          if (ids.succeeded()) {
            return tokenized(arrival, request, served, current, poolRoute, ids.result(), target,
                traced);
          }
          return ids.compose(known -> tokenized(arrival, request, served, current, poolRoute,
              known, target, traced));
        });
  }

  private Future<RequestEnd> tokenized(RequestIntake.Arrival arrival, InferenceRequest request,
      String served, BatonRuntime current, PoolRoute poolRoute, int[] ids, SloTarget target,
      TraceDraft traced) {
    if (traced != null) {
      traced.tokenIds(ids);
    }
    return admitted(arrival, request, served, current, poolRoute, ids, target);
  }

  /**
   * Starts the request's trace line when the sink is on and samples it: every parsed request is
   * traced, refused ones too, so a replay offers the load the clients offered.
   */
  private TraceDraft trace(RequestIntake.Arrival arrival, InferenceRequest request, String tenant,
      SloTarget target) {
    // The wall clock only when a draft may be made: a clock read costs 75 ns and more here.
    TraceDraft draft = !traceSink.isOn() ? null : traceSink.draft(System.currentTimeMillis(),
        request.model(), tenant, request.promptText(), request.promptTokens(), request.maxTokens(),
        request.stream(), arrival.headers().priority(), target, arrival.headers().session());
    arrival.rec().onTraced(draft);
    return draft;
  }

  /**
   * The name the pool's workers serve the request's model under; an alias is rewritten in the body
   * here, before anything reads or forwards it.
   */
  private static String served(InferenceRequest request, PoolRoute poolRoute) {
    String served = poolRoute.config().servedName(request.model());
    if (!served.equals(request.body().path("model").asText())) {
      request.body().put("model", served);
    }
    return served;
  }

  /** Runs once admission control let the request in. */
  private Future<RequestEnd> admitted(RequestIntake.Arrival arrival, InferenceRequest request,
      String served, BatonRuntime current, PoolRoute poolRoute, int[] promptTokenIds,
      SloTarget target) {
    Pool pool = poolRoute.pool();
    SchedulingRequest asked =
        new SchedulingRequest(
            arrival.requestId(),
            served,
            request.promptText(),
            request.promptTokens(),
            request.maxTokens(),
            arrival.headers().session(),
            pool.loraAdapterOf(served))
        .withSlo(target);
    // With the engine's token ids the precise prefix view can judge the prompt.
    SchedulingRequest scheduling =
        promptTokenIds == null ? asked : asked.withPromptTokenIds(promptTokenIds);
    Optional<RoutingPlan> plan = current.scheduler().plan(scheduling, pool);
    if (plan.isEmpty()) {
      return RequestEnd.refuse(NoWorkerError.of(request.model(),
          current.scheduler().whyNoCandidate(scheduling, pool)), RequestOutcome.NO_WORKER);
    }
    arrival.rec().onRouted(plan.get(), request.promptTokens());
    slo.watch(arrival.rec(), plan.get(), scheduling, request.stream());
    // Streams ask the worker for their usage chunk; the client gets it only if it asked too.
    boolean hadOptions = request.body().has("stream_options");
    boolean stripUsage = request.stream() && UsageChunkRequest.add(request.body());
    Buffer body = null;
    if (!request.bodyModified() && served.equals(request.model())) {
      Buffer bytes = arrival.ctx().body().buffer();
      body = !stripUsage ? bytes : hadOptions ? null : UsageChunkRequest.spliced(bytes);
    }
    if (body == null) {
      body = Buffer.buffer(request.body().toString());
    }
    return exchanges.execute(
        arrival.downstream(stripUsage),
        new ExchangeRequest(
            kind, request.body(), body, arrival.forwardedHeaders(poolRoute),
            request.stream(), request.wantsPromptParts(),
            scheduling, pool, current.scheduler(), poolRoute.dialect(), poolRoute.policy(),
            poolRoute.workers()),
        plan.get())
        .map(RequestEnd.Exchanged::new);
  }
}
