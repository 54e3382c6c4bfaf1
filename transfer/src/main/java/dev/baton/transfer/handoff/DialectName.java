package dev.baton.transfer.handoff;

/** The handoff dialects a pool can be configured with ({@code dialect:} in YAML). */
public enum DialectName {
  /** vLLM's {@code NixlConnector}: the prefill answer carries {@code kv_transfer_params}. */
  NIXL,
  /** vLLM's {@code LMCacheConnectorV1} in PD mode: KV moves through LMCache, no parameters. */
  LMCACHE,
  /** No handoff: every request is served aggregated by one worker. */
  NONE
}
