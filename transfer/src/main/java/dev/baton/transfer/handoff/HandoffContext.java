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
 * @param prefillRank the data-parallel rank the plan picked on the prefill endpoint, or
 *     {@link #NO_RANK} when the endpoint fronts a single engine (no rank header is sent)
 * @param bootstrap what a concurrent dialect's {@code prepare} learned of the prefill's bootstrap
 *     server; null before it ran, and for dialects that need none
 */
public record HandoffContext(RequestKind kind, ObjectNode clientBody, MultiMap headers,
    Endpoint prefill, Endpoint decode, int prefillRank, PrefillBootstrap bootstrap) {

  /** The prefill endpoint fronts one engine: no rank to pin. */
  public static final int NO_RANK = -1;

  /** A request on endpoints without data-parallel ranks, before any bootstrap lookup. */
  public HandoffContext(RequestKind kind, ObjectNode clientBody, MultiMap headers, Endpoint prefill,
      Endpoint decode) {
    this(kind, clientBody, headers, prefill, decode, NO_RANK, null);
  }

  /** The same request with what was learned of the prefill's bootstrap server. */
  public HandoffContext withBootstrap(PrefillBootstrap learned) {
    return new HandoffContext(kind, clientBody, headers, prefill, decode, prefillRank, learned);
  }
}
