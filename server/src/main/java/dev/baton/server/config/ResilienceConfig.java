package dev.baton.server.config;

/**
 * The YAML {@code resilience} section: how Baton reacts to failing workers (docs/resilience.md).
 * Timeouts are in {@code timeouts:}.
 *
 * @param breaker per-endpoint circuit breakers (defaults when absent)
 * @param retry retries before the first byte (defaults when absent)
 */
public record ResilienceConfig(BreakerConfig breaker, RetryConfig retry) {

  public static final ResilienceConfig DEFAULTS = new ResilienceConfig(null, null);

  public ResilienceConfig {
    breaker = breaker == null ? BreakerConfig.DEFAULTS : breaker;
    retry = retry == null ? RetryConfig.DEFAULTS : retry;
  }
}
