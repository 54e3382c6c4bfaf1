package dev.baton.server.epp;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.server.accesslog.TraceParent;
import dev.baton.server.admission.AdmissionConfig;
import dev.baton.server.admission.AdmissionController;
import dev.baton.server.admission.AdmissionRejected;
import dev.baton.server.admission.Permit;
import dev.baton.server.admission.RequestGate;
import dev.baton.server.http.BadRequestException;
import dev.baton.server.http.RequestIds;
import dev.baton.server.metrics.RequestObserver;
import dev.baton.server.metrics.RequestRecord;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.transfer.error.OpenAiError;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Baton's scheduler as the gateway's endpoint picker: the same pools, admission, rate limits and
 * scheduling profiles as the proxy, over the pool's endpoints (narrowed to the gateway's subset
 * hint). llm-d's headers are honoured: the fairness id is the tenant, the objective the admission
 * class, the model-name rewrite the model scheduled and forwarded.
 */
final class RuntimePicker implements EndpointPicker {
  private static final int MAX_TENANT_CHARS = 64;

  private final RuntimeHolder runtime;
  private final RequestGate gate;
  private final RequestObserver observer;
  private final int fallbacks;

  /**
   * @param fallbacks endpoints named after the picked one, for the gateway to try in order when
   *     the first fails (0 for none)
   */
  RuntimePicker(RuntimeHolder runtime, RequestGate gate, RequestObserver observer, int fallbacks) {
    this.runtime = runtime;
    this.gate = gate;
    this.observer = observer;
    this.fallbacks = fallbacks;
  }

  @Override
  public Future<Pick> pick(PickRequest request, Future<Void> streamGone) {
    PickInput input;
    try {
      input = PickInput.read(request);
    } catch (BadRequestException e) {
      return Future.succeededFuture(Pick.Refused.of(e.error()));
    }
    BatonRuntime current = runtime.get();
    Optional<PoolRoute> route = current.route(input.model());
    if (current.scheduler() == null) {
      return Future.succeededFuture(Pick.Refused.of(OpenAiError.noWorker(input.model())));
    }
    if (route.isEmpty()) {
      return Future.succeededFuture(Pick.Refused.of(OpenAiError.modelNotFound(input.model())));
    }
    Pool pool = EndpointAddress.restrict(route.get().pool(), request.subset());
    if (pool.endpoints().isEmpty()) {
      return Future.succeededFuture(Pick.Refused.of(OpenAiError.noWorker(input.model())));
    }
    Map<String, String> headers = request.headers();
    AdmissionConfig admission = gate.admission().config();
    String tenant = tenant(headers, admission);
    Optional<Duration> wait = gate.rates().tryAcquire(tenant, input.promptTokens() + input.maxTokens());
    if (wait.isPresent()) {
      return Future.succeededFuture(
          tooMany("Rate limit reached for tenant " + tenant + "; retry after the indicated time",
              wait.get(), "rate_limit_exceeded"));
    }
    int priority = admission.priorityOf(GatewayHeaders.read(headers, GatewayHeaders.OBJECTIVE)
        .orElse(headers.get(admission.priorityHeader().toLowerCase(Locale.ROOT))));
    AdmissionController.Ticket ticket = gate.admission().admit(pool.name(), tenant, priority);
    if (!ticket.permit().isComplete()) {
      streamGone.onComplete(v -> ticket.cancel());
    }
    return ticket.permit()
        .map(permit -> schedule(current, pool, request, input, permit))
        .otherwise(err -> err instanceof AdmissionRejected rejected
            ? tooMany(rejected.getMessage(), rejected.retryAfter(), "server_overloaded")
            : Pick.Refused.of(OpenAiError.internal("admission failed: " + err.getMessage())));
  }

  private Pick schedule(BatonRuntime current, Pool pool, PickRequest request, PickInput input,
      Permit permit) {
    try {
      Map<String, String> headers = request.headers();
      String requestId = RequestIds.of(headers.get(RequestIds.HEADER));
      String sessionHeader = current.config().scheduling().sessionHeader().toLowerCase(Locale.ROOT);
      // SLO hook: the SLO work reads GatewayHeaders.SLO_TTFT / SLO_TPOT here into the request.
      SchedulingRequest asked = new SchedulingRequest(requestId, input.model(), input.prompt(),
          input.promptTokens(), input.maxTokens(), headers.get(sessionHeader),
          pool.loraAdapterOf(input.model()));
      Optional<RoutingPlan> plan = current.scheduler().plan(asked, pool);
      if (plan.isEmpty()) {
        permit.release();
        return Pick.Refused.of(OpenAiError.noWorker(input.model()));
      }
      List<String> endpoints = new ArrayList<>();
      endpoints.add(EndpointAddress.of(plan.get().decode()));
      Set<String> excluded = new HashSet<>(Set.of(plan.get().decode().id()));
      for (int i = 0; i < fallbacks; i++) {
        Optional<EndpointState> next = current.scheduler().pick(Phase.DECODE, asked, pool, excluded);
        if (next.isEmpty()) {
          break;
        }
        excluded.add(next.get().id());
        endpoints.add(EndpointAddress.of(next.get()));
      }
      RequestRecord rec = observer.onStart(requestId, input.model(),
          TraceParent.forRequest(headers.get(TraceParent.HEADER)));
      rec.onRouted(plan.get(), input.promptTokens());
      String prefiller = plan.get().prefillEndpoint().map(EndpointAddress::of).orElse(null);
      return new Pick.Routed(endpoints, prefiller, input.rewrittenBody(),
          new GatewayExchange(pool, plan.get(), asked.tokenFootprint(), permit, rec));
    } catch (RuntimeException e) {
      permit.release();
      throw e;
    }
  }

  /** The fairness id, else the admission tenant header, else anonymous; bounded like the proxy's. */
  private static String tenant(Map<String, String> headers, AdmissionConfig admission) {
    String tenant = GatewayHeaders.read(headers, GatewayHeaders.FAIRNESS_ID)
        .or(() -> Optional.ofNullable(headers.get(admission.tenantHeader().toLowerCase(Locale.ROOT)))
            .filter(v -> !v.isBlank()).map(String::strip))
        .orElse(RequestGate.ANONYMOUS);
    return tenant.length() > MAX_TENANT_CHARS ? tenant.substring(0, MAX_TENANT_CHARS) : tenant;
  }

  private static Pick tooMany(String message, Duration retryAfter, String code) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return new Pick.Refused(new OpenAiError(429, message, "rate_limit_exceeded", null, code),
        Map.of("retry-after", Long.toString(seconds)));
  }
}
