package dev.baton.transfer.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.transfer.handoff.ConcurrentDialect;
import dev.baton.transfer.handoff.HandoffContext;

/**
 * A concurrent dialect that exists only in tests, shaped like SGLang's bootstrap: both legs carry the
 * rendezvous id, the decode also the prefill's address. It is registered by the test that uses it
 * and touches no main file: the seam a real SGLang or Mooncake dialect plugs into.
 */
final class RendezvousTestDialect implements ConcurrentDialect {
  static final String NAME = "rendezvous-test";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ObjectNode prefillBody(HandoffContext request, String rendezvous) {
    ObjectNode body = request.clientBody().deepCopy();
    body.put("stream", false);
    body.put("rendezvous", rendezvous);
    return body;
  }

  @Override
  public ObjectNode decodeBody(HandoffContext request, String rendezvous) {
    ObjectNode body = request.clientBody().deepCopy();
    body.put("rendezvous", rendezvous);
    body.put("bootstrap", request.prefill().host() + ":" + request.prefill().port());
    body.put("request_id", request.headers().get("x-request-id"));
    // As Mooncake's engine id is chosen per prefill rank: the dialect sees the pinned rank.
    body.put("prefill_rank", request.prefillRank());
    return body;
  }
}
