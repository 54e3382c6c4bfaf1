package dev.baton.server.sidecar;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import dev.baton.router.pool.Disaggregation;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.LeastInFlightScheduler;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.epp.GatewayHeaders;
import dev.baton.server.http.BadRequestException;
import dev.baton.server.http.InferenceRequest;
import dev.baton.server.http.InferenceRequestParser;
import dev.baton.server.http.RequestIds;
import dev.baton.transfer.call.WorkerPolicy;
import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.handoff.HandoffDialect;
import dev.baton.transfer.handoff.HandoffPolicy;
import dev.baton.transfer.handoff.PrefillFailurePolicy;
import dev.baton.transfer.handoff.RequestKind;
import dev.baton.transfer.protocol.ExchangeRequest;
import dev.baton.transfer.protocol.Exchanges;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.upstream.HopByHop;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Set;

/**
 * One completions or chat request at the decode pod. With {@code x-prefiller-host-port} naming an
 * allowed prefill endpoint, the request is split: the prefill leg there, the decode leg on the
 * local engine, through the same protocols, dialects, retries and cancellation as the proxy;
 * without it, the local engine serves it whole.
 */
final class SidecarHandler {
  private static final LeastInFlightScheduler NO_OTHER_ENDPOINTS = new LeastInFlightScheduler();
  /** One prefill attempt; when it fails the local engine computes the prompt itself. */
  private static final HandoffPolicy POLICY = new HandoffPolicy(0, PrefillFailurePolicy.DECODE);

  private final Exchanges exchanges;
  private final HandoffDialect dialect;
  private final String decodeUrl;
  private final PrefillAllowList allowed;

  SidecarHandler(Exchanges exchanges, HandoffDialect dialect, String decodeUrl,
      PrefillAllowList allowed) {
    this.exchanges = exchanges;
    this.dialect = dialect;
    this.decodeUrl = decodeUrl;
    this.allowed = allowed;
  }

  /** Serves {@code request}, whose whole body is {@code bytes}. */
  void serve(HttpServerRequest request, Buffer bytes) {
    RequestKind kind = request.path().endsWith("/chat/completions")
        ? RequestKind.CHAT : RequestKind.COMPLETION;
    InferenceRequest parsed;
    try {
      parsed = InferenceRequestParser.parse(bytes, kind, true);
    } catch (BadRequestException e) {
      e.error().send(request.response());
      return;
    }
    String prefiller = request.getHeader(GatewayHeaders.PREFILLER);
    if (prefiller != null && !allowed.allows(prefiller.strip())) {
      new OpenAiError(403, "x-prefiller-host-port names " + prefiller.strip()
          + ", which is neither an allowed prefill endpoint nor in the pool",
          "invalid_request_error", null, "prefill_host_not_allowed").send(request.response());
      return;
    }
    String requestId = RequestIds.of(request.getHeader(RequestIds.HEADER));
    Set<String> models = Set.of(parsed.model());
    EndpointState decode = new EndpointState(
        new EndpointConfig(decodeUrl, Role.DECODE, null, null).toEndpoint(models));
    EndpointState prefill = prefiller == null ? null : new EndpointState(
        new EndpointConfig("http://" + prefiller.strip(), Role.PREFILL, null, null)
            .toEndpoint(models));
    Pool pool = new Pool("sidecar", models,
        prefill == null ? List.of(decode) : List.of(prefill, decode),
        new Disaggregation(prefill != null, 0));
    RoutingPlan plan = prefill == null
        ? new RoutingPlan(decode, null, parsed.promptTokens(), RoutingPlan.Reason.AGGREGATED_POOL)
        : new RoutingPlan(decode, prefill, parsed.promptTokens(), RoutingPlan.Reason.SPLIT);
    SchedulingRequest scheduling = new SchedulingRequest(requestId, parsed.model(),
        parsed.promptText(), parsed.promptTokens(), parsed.maxTokens(), null, null);
    Buffer body = parsed.bodyModified() ? Buffer.buffer(parsed.body().toString()) : bytes;
    exchanges.execute(new Downstream(request, requestId),
        new ExchangeRequest(kind, parsed.body(), body, legHeaders(request, requestId),
            parsed.stream(), parsed.wantsPromptParts(), scheduling, pool, NO_OTHER_ENDPOINTS,
            dialect, POLICY, WorkerPolicy.DEFAULTS),
        plan);
  }

  /** The client's end-to-end headers for both legs, without the sidecar's own. */
  private static MultiMap legHeaders(HttpServerRequest request, String requestId) {
    MultiMap headers = HopByHop.endToEnd(request.headers());
    headers.remove(GatewayHeaders.PREFILLER);
    headers.remove("accept-encoding");
    headers.set(RequestIds.HEADER, requestId);
    return headers;
  }
}
