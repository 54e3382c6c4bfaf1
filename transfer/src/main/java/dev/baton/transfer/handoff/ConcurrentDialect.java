package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * A dialect whose two legs are sent at once and find each other through a rendezvous id that Baton
 * mints per request (SGLang's bootstrap room, Mooncake's transfer id): the concurrent protocol runs
 * {@link #prepare}, sends both legs, relays the decode, and cancels the partner when either fails.
 */
public interface ConcurrentDialect extends HandoffDialect {

  /**
   * What must be learned from the prefill worker before either leg goes (its bootstrap port, the
   * engine id its bootstrap server reports), asked through {@code lookups}, which caches answers per
   * endpoint. Runs on the request's event loop and must not block. A failed future means the pair
   * cannot be sent; the protocol then treats the request as one whose prefill failed. The default
   * learns nothing.
   */
  default Future<HandoffContext> prepare(HandoffContext request, PrefillLookups lookups) {
    return Future.succeededFuture(request);
  }

  /** The prefill leg's body; its answer is read whole and not passed on. */
  ObjectNode prefillBody(HandoffContext request, String rendezvous);

  /** The decode leg's body; its answer goes to the client. */
  ObjectNode decodeBody(HandoffContext request, String rendezvous);

  /**
   * {@link #prefillBody} as the bytes sent; {@code clientBytes} is the client's body as Baton
   * forwards it (the same JSON as {@code request.clientBody()}), or null. A dialect may cut and
   * splice those bytes instead of writing a copy of the tree out.
   */
  default Buffer prefillBytes(HandoffContext request, String rendezvous, Buffer clientBytes) {
    return Buffer.buffer(prefillBody(request, rendezvous).toString());
  }

  /** {@link #decodeBody} as the bytes sent, as {@link #prefillBytes}. */
  default Buffer decodeBytes(HandoffContext request, String rendezvous, Buffer clientBytes) {
    return Buffer.buffer(decodeBody(request, rendezvous).toString());
  }
}
