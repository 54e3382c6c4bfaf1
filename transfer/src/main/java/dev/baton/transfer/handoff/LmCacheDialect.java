package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * vLLM's {@code LMCacheConnectorV1} in PD mode: the prefill stores the prompt's KV in LMCache and the
 * decode finds it there by the prompt itself, so no parameters travel with the request.
 */
public final class LmCacheDialect implements SequentialDialect {

  @Override
  public String name() {
    return "lmcache";
  }

  @Override
  public ObjectNode prefillBody(HandoffContext request) {
    return PrefillShaping.oneToken(request.clientBody(), request.kind());
  }

  /** Any successful answer is a handle: the KV is in LMCache once the prefill finished. */
  @Override
  public Optional<KvHandle> handle(JsonNode prefillAnswer) {
    return prefillAnswer != null && prefillAnswer.isObject()
        ? Optional.of(KvHandle.IMPLICIT)
        : Optional.empty();
  }

  @Override
  public ObjectNode decodeBody(HandoffContext request, KvHandle handle) {
    return request.clientBody().deepCopy();
  }
}
