package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * How one KV-connector family splits a request in two: what the prefill worker is asked, where the
 * KV handle is in its answer, and what the decode worker is asked. Implementations are stateless and
 * never modify their arguments: every method returns a fresh copy.
 *
 * <p>The client body given to these methods has already lost any client-supplied
 * {@code kv_transfer_params}: clients must not steer KV transfers.
 */
public interface HandoffDialect {

  DialectName name();

  /** The prefill leg's body: a copy of the client's that generates one token and does not stream. */
  ObjectNode prefillBody(ObjectNode clientBody, RequestKind kind);

  /** The handle in a prefill answer; empty when the answer has no usable one. */
  Optional<KvHandle> handle(JsonNode prefillAnswer);

  /** The decode leg's body: the client's body plus whatever locates the handle. */
  ObjectNode decodeBody(ObjectNode clientBody, KvHandle handle);

  /**
   * A body that makes the decode side consume a handle nobody will use (the client left between the
   * legs), so the prefill worker frees its blocks now rather than at its timeout. Empty when the
   * dialect has nothing to release.
   */
  default Optional<ObjectNode> releaseBody(ObjectNode clientBody, RequestKind kind, KvHandle handle) {
    return Optional.empty();
  }

  static HandoffDialect of(DialectName name) {
    return switch (name) {
      case NIXL -> new NixlDialect();
      case LMCACHE -> new LmCacheDialect();
      case NONE -> new AggregatedDialect();
    };
  }
}
