package dev.baton.transfer.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.Scheduler;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.transfer.call.WorkerPolicy;
import dev.baton.transfer.handoff.HandoffContext;
import dev.baton.transfer.handoff.HandoffDialect;
import dev.baton.transfer.handoff.HandoffPolicy;
import dev.baton.transfer.handoff.RequestKind;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * An inference request and what executing its plan needs, whatever the protocol.
 *
 * @param kind chat or completions
 * @param clientBody the client's body, parsed, without client-supplied {@code kv_transfer_params}
 * @param clientBytes the same body as bytes, sent untouched when one worker serves it
 * @param headers end-to-end headers for every leg, with the shared {@code X-Request-Id}
 * @param stream the client wants server-sent events
 * @param wantsPromptParts the client asked for echo or prompt logprobs, which only the prefill has
 * @param scheduling the routing view of the request (for picking another endpoint)
 * @param pool the pool the plan was made over
 * @param scheduler picks a replacement endpoint after a failure
 * @param dialect how the legs are edited; its type decides the protocol of a split plan
 * @param policy prefill retries and fallback
 * @param workers timeouts, retries and breakers of every call to the pool's workers
 */
public record ExchangeRequest(
    RequestKind kind,
    ObjectNode clientBody,
    Buffer clientBytes,
    MultiMap headers,
    boolean stream,
    boolean wantsPromptParts,
    SchedulingRequest scheduling,
    Pool pool,
    Scheduler scheduler,
    HandoffDialect dialect,
    HandoffPolicy policy,
    WorkerPolicy workers) {

  /** The shared end-to-end headers with a leg's own set over them; the shared map is never changed. */
  MultiMap headersWith(Map<String, String> own) {
    if (own.isEmpty()) {
      return headers;
    }
    MultiMap copy = MultiMap.caseInsensitiveMultiMap().addAll(headers);
    own.forEach(copy::set);
    return copy;
  }

  /** What the dialect sees of this request under {@code plan}. */
  HandoffContext context(RoutingPlan plan) {
    return new HandoffContext(kind, clientBody, headers,
        plan.prefill() == null ? null : plan.prefill().endpoint(), plan.decode().endpoint(),
        plan.prefill() == null || !plan.prefill().rank().pinned()
            ? HandoffContext.NO_RANK : plan.prefill().rank().index(), null);
  }
}
