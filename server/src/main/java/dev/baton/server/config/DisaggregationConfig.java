package dev.baton.server.config;

import dev.baton.transfer.handoff.PrefillFailurePolicy;

/**
 * A pool's {@code disaggregation} section.
 *
 * @param enabled split prefill from decode (default false)
 * @param uncachedTokenThreshold split only when the estimated prompt tokens not cached on the chosen
 *     decode worker reach this many; 0 splits always (default 0)
 * @param prefillRetries how many other prefill workers to try after a prefill that cannot connect,
 *     times out or answers 5xx (default 1)
 * @param onPrefillFailure what to do when no prefill worker succeeded: {@code decode} serves the
 *     request on the decode worker alone, {@code fail} returns the error (default {@code decode})
 */
public record DisaggregationConfig(
    Boolean enabled,
    Integer uncachedTokenThreshold,
    Integer prefillRetries,
    PrefillFailurePolicy onPrefillFailure) {

  public static final DisaggregationConfig OFF = new DisaggregationConfig(false, null, null, null);

  public DisaggregationConfig {
    enabled = enabled != null && enabled;
    uncachedTokenThreshold = uncachedTokenThreshold == null ? 0 : uncachedTokenThreshold;
    prefillRetries = prefillRetries == null ? 1 : prefillRetries;
    onPrefillFailure = onPrefillFailure == null ? PrefillFailurePolicy.DECODE : onPrefillFailure;
  }
}
