package dev.baton.server.admission;

import dev.baton.server.auth.Caller;
import dev.baton.server.auth.ClientAuth;
import dev.baton.server.limits.TenantRateLimits;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * What an inference request passes after parsing and before scheduling: its tenant's rate limits,
 * then admission (a slot now, or a place in the queue). On refusal the gate sends the 429 itself
 * and the returned future fails; on success the caller must release the permit when the answer
 * ends. A client that leaves while queued gives up its place.
 */
public record RequestGate(AdmissionController admission, TenantRateLimits rates) {
  /** Tenant of requests without an API key or tenant header. */
  public static final String ANONYMOUS = "anonymous";

  /**
   * Routing-context key of the request's TTFT deadline ({@link System#nanoTime()}, a {@code Long}),
   * set by the front door for a request with a TTFT objective before it enters the gate.
   */
  public static final String TTFT_DEADLINE = "baton.ttftDeadline";

  private static final int MAX_TENANT_CHARS = 64;

  /**
   * Checks rate limits and waits for admission.
   *
   * @param tenant the request's tenant ({@link #tenantOf})
   * @param priorityHeader the value of the request's priority header, or null
   * @param tokens the request's estimated prompt tokens plus its completion limit
   */
  public Future<Permit> enter(RoutingContext ctx, String tenant, String priorityHeader, String pool,
      long tokens) {
    Optional<Duration> wait = rates.tryAcquire(tenant, tokens);
    if (wait.isPresent()) {
      AdmissionRejected.send(ctx.response(),
          "Rate limit reached for tenant " + tenant + "; retry after the indicated time",
          wait.get(), "rate_limit_exceeded");
      return Future.failedFuture(new AdmissionRejected("rate limited", wait.get()));
    }
    AdmissionConfig config = admission.config();
    int priority = priorityOf(ctx, config, priorityHeader);
    // A request without an objective is due when its queue wait would end, so it keeps its place
    // among requests with objectives instead of waiting behind all of them.
    Long deadline = ctx.get(TTFT_DEADLINE);
    AdmissionController.Ticket ticket = admission.admit(pool, tenant, priority,
        deadline != null ? deadline : AdmissionController.AT_QUEUE_TIMEOUT);
    Future<Permit> permit = ticket.permit();
    if (!permit.isComplete()) {
      // Replaced by the exchange's own close handler once admitted; until then, leaving the queue.
      ctx.response().closeHandler(v -> ticket.cancel());
    }
    return permit.onFailure(err -> {
      // Charged above, never served: the tokens go back.
      rates.settle(tenant, tokens, 0);
      if (err instanceof AdmissionRejected rejected) {
        rejected.send(ctx.response());
      }
    });
  }

  /**
   * The class the priority header asks for, lowered to what the caller's key may claim: with keys,
   * a tenant cannot promote itself above its grant. Without keys nobody is known and the header
   * is taken as it is, like the tenant header.
   */
  private static int priorityOf(RoutingContext ctx, AdmissionConfig config, String header) {
    int claimed = config.priorityOf(header);
    Caller caller = ctx.get(ClientAuth.CALLER);
    if (caller == null) {
      return claimed;
    }
    // 0 is the highest class: the grant is a floor on the index.
    return Math.max(claimed, config.priorityOf(caller.maxPriority()));
  }

  /**
   * True when the caller may set the worker's own scheduling priority (vLLM's body field {@code
   * priority}): without keys, as for the header; with keys, only a key granted the highest class.
   */
  public boolean trustsPriorityClaims(RoutingContext ctx) {
    Caller caller = ctx.get(ClientAuth.CALLER);
    return caller == null || admission.config().priorityOf(caller.maxPriority()) == 0;
  }

  /**
   * The API key's tenant when authenticated, else the tenant header, else {@link #ANONYMOUS}.
   *
   * @param header the value of the request's tenant header ({@code admission.tenantHeader}), or null
   */
  public static String tenantOf(RoutingContext ctx, String header) {
    String fromKey = ctx.get(ClientAuth.TENANT);
    if (fromKey != null) {
      return fromKey;
    }
    if (header == null || header.isBlank()) {
      return ANONYMOUS;
    }
    String tenant = header.strip();
    return tenant.length() > MAX_TENANT_CHARS ? tenant.substring(0, MAX_TENANT_CHARS) : tenant;
  }
}
