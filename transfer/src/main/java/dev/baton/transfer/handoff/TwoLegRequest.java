package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.Scheduler;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.transfer.call.WorkerPolicy;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A split request and what its execution needs.
 *
 * @param kind chat or completions
 * @param clientBody the client's body, parsed, without client-supplied {@code kv_transfer_params}
 * @param clientBytes the same body as bytes, sent untouched when decode runs alone
 * @param headers end-to-end headers for both legs, with the shared {@code X-Request-Id}
 * @param stream the client wants server-sent events
 * @param wantsPromptParts the client asked for echo or prompt logprobs, which only the prefill has
 * @param scheduling the routing view of the request (for picking another prefill worker)
 * @param pool the pool the plan was made over
 * @param scheduler picks a replacement prefill worker after a failure
 * @param dialect how the legs are shaped
 * @param policy retries and fallback
 * @param workers timeouts, retries and breakers of every call to the pool's workers
 */
public record TwoLegRequest(
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
    WorkerPolicy workers) {}
