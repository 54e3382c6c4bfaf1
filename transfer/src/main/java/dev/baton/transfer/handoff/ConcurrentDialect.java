package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A dialect whose two legs are sent at once and find each other through a rendezvous id that Baton
 * mints per request (SGLang's bootstrap room, Mooncake's transfer id): the concurrent protocol sends
 * both, relays the decode, and cancels the partner when either fails.
 */
public interface ConcurrentDialect extends HandoffDialect {

  /** The prefill leg's body; its answer is read whole and not passed on. */
  ObjectNode prefillBody(HandoffContext request, String rendezvous);

  /** The decode leg's body; its answer goes to the client. */
  ObjectNode decodeBody(HandoffContext request, String rendezvous);
}
