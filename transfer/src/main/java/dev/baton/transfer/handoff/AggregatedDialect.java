package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The {@code none} dialect: the pool never splits, so there is no handle to find. A plan that splits
 * anyway (a misconfigured pool) degrades to decode alone.
 */
public final class AggregatedDialect implements HandoffDialect {

  @Override
  public DialectName name() {
    return DialectName.NONE;
  }

  @Override
  public ObjectNode prefillBody(ObjectNode clientBody, RequestKind kind) {
    return PrefillShaping.oneToken(clientBody, kind);
  }

  @Override
  public Optional<KvHandle> handle(JsonNode prefillAnswer) {
    return Optional.empty();
  }

  @Override
  public ObjectNode decodeBody(ObjectNode clientBody, KvHandle handle) {
    return clientBody.deepCopy();
  }
}
