package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The baton: what the decode leg needs to find the prefill's KV cache.
 *
 * @param transferParams the prefill's {@code kv_transfer_params}, copied verbatim to decode; null for
 *     dialects where the KV cache is found without parameters (LMCache)
 */
public record KvHandle(ObjectNode transferParams) {

  /** The handle of dialects that move KV out of band: decode finds it by prompt. */
  public static final KvHandle IMPLICIT = new KvHandle(null);
}
