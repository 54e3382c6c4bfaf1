package dev.baton.transfer.handoff;

/**
 * vLLM's {@code LMCacheConnectorV1} in PD mode: the prefill stores the prompt's KV in LMCache and the
 * decode finds it there by the prompt itself, so no parameters travel with the request.
 */
public final class LmCacheDialect extends OutOfBandDialect {

  @Override
  public String name() {
    return "lmcache";
  }
}
