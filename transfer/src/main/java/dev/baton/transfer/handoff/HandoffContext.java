package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.endpoint.Endpoint;
import io.vertx.core.MultiMap;

/**
 * What a dialect sees of the request it shapes legs for.
 *
 * @param kind chat or completions
 * @param clientBody the client's body, without client-supplied {@code kv_transfer_params}; never
 *     modify it, return copies
 * @param headers the end-to-end headers both legs carry, with the shared {@code X-Request-Id}
 * @param prefill the plan's prefill endpoint (a retried prefill may run elsewhere)
 * @param decode the plan's decode endpoint
 */
public record HandoffContext(
    RequestKind kind, ObjectNode clientBody, MultiMap headers, Endpoint prefill, Endpoint decode) {}
