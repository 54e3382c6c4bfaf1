package dev.baton.transfer.retry;

import java.time.Duration;

/**
 * When Baton sends a failed request to another worker. Only requests whose client has not received
 * a byte are retried; a stream the client has partly seen is never replayed. Requests that never
 * reached a worker (connect refused, breaker open) are always failed over and do not spend budget.
 *
 * @param maxRetries retries per request after a worker timed out, broke the connection or answered
 *     5xx (0 disables them)
 * @param backoff delay before the first retry; doubles with each further retry, with jitter
 * @param maxBackoff cap of that delay
 * @param budgetRatio retries allowed as a fraction of requests over {@code budgetWindow}
 *     (0.2 = at most 20% extra requests)
 * @param minRetriesPerWindow retries always allowed per window, so a quiet router can still retry
 * @param budgetWindow the sliding window the budget is counted over
 */
public record RetrySettings(
    int maxRetries,
    Duration backoff,
    Duration maxBackoff,
    double budgetRatio,
    int minRetriesPerWindow,
    Duration budgetWindow) {

  public static final RetrySettings DEFAULTS =
      new RetrySettings(2, Duration.ofMillis(25), Duration.ofMillis(500), 0.2, 10,
          Duration.ofSeconds(10));

  public RetrySettings {
    if (maxRetries < 0 || minRetriesPerWindow < 0 || budgetRatio < 0) {
      throw new IllegalArgumentException(
          "maxRetries, minRetriesPerWindow and budgetRatio must be >= 0");
    }
    if (backoff == null || backoff.isNegative() || maxBackoff == null || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("backoff and maxBackoff must be >= 0");
    }
    if (budgetWindow == null || budgetWindow.isNegative() || budgetWindow.isZero()) {
      throw new IllegalArgumentException("budgetWindow must be > 0");
    }
  }
}
