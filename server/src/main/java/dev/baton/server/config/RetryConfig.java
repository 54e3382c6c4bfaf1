package dev.baton.server.config;

import dev.baton.transfer.retry.RetrySettings;
import java.time.Duration;

/**
 * The YAML {@code resilience.retry} section: sending a failed request to another worker before its
 * client has received a byte. A request that never reached a worker (connection refused, breaker
 * open) is always sent elsewhere; these settings govern requests that did (timeouts, broken
 * connections, 5xx answers). A stream the client has partly seen is never replayed.
 *
 * @param maxRetries per request (default 2; 0 disables)
 * @param backoff before the first retry, doubled for each further one, with jitter (default 25ms)
 * @param maxBackoff cap of the backoff (default 500ms)
 * @param budgetRatio retries as a fraction of requests over the window (default 0.2)
 * @param minRetriesPerWindow retries always allowed per window (default 10)
 * @param budgetWindow window of the budget (default 10s)
 */
public record RetryConfig(
    Integer maxRetries,
    Duration backoff,
    Duration maxBackoff,
    Double budgetRatio,
    Integer minRetriesPerWindow,
    Duration budgetWindow) {

  public static final RetryConfig DEFAULTS = new RetryConfig(null, null, null, null, null, null);

  public RetryConfig {
    RetrySettings d = RetrySettings.DEFAULTS;
    maxRetries = maxRetries == null ? d.maxRetries() : maxRetries;
    backoff = backoff == null ? d.backoff() : backoff;
    maxBackoff = maxBackoff == null ? d.maxBackoff() : maxBackoff;
    budgetRatio = budgetRatio == null ? d.budgetRatio() : budgetRatio;
    minRetriesPerWindow = minRetriesPerWindow == null ? d.minRetriesPerWindow() : minRetriesPerWindow;
    budgetWindow = budgetWindow == null ? d.budgetWindow() : budgetWindow;
    new RetrySettings(maxRetries, backoff, maxBackoff, budgetRatio, minRetriesPerWindow, budgetWindow);
  }

  public RetrySettings toSettings() {
    return new RetrySettings(maxRetries, backoff, maxBackoff, budgetRatio, minRetriesPerWindow,
        budgetWindow);
  }
}
