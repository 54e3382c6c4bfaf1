package dev.baton.server.config;

import dev.baton.transfer.breaker.BreakerSettings;
import dev.baton.transfer.retry.RetrySettings;

/**
 * The YAML {@code resilience} section: how Baton reacts to failing workers (docs/resilience.md), for
 * the {@code default} policy set (see {@code policies}). Timeouts are in {@code timeouts:}.
 *
 * @param breaker per-endpoint circuit breakers (defaults when absent)
 * @param retry retries before the first byte (defaults when absent)
 */
public record ResilienceConfig(BreakerSettings breaker, RetrySettings retry) {

  public static final ResilienceConfig DEFAULTS = new ResilienceConfig(null, null);

  public ResilienceConfig {
    breaker = breaker == null ? BreakerSettings.DEFAULTS : breaker;
    retry = retry == null ? RetrySettings.DEFAULTS : retry;
  }
}
