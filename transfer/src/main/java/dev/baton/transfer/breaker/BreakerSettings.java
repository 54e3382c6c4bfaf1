package dev.baton.transfer.breaker;

import java.time.Duration;

/**
 * How the per-endpoint circuit breaker judges a worker. It opens when either rule trips: the failure
 * rate over the last {@code windowSize} calls (once {@code minimumCalls} were seen) reaches
 * {@code failureRateThreshold} percent, or {@code consecutiveFailures} calls in a row failed. After
 * {@code waitInOpen} it turns half-open by itself and lets {@code halfOpenCalls} probe requests
 * through; they decide whether it closes again or reopens.
 *
 * @param enabled false turns breakers off (every call permitted, nothing recorded)
 * @param failureRateThreshold percent of failed calls in the window that opens the breaker (1-100)
 * @param windowSize calls in the count-based sliding window
 * @param minimumCalls calls needed in the window before the failure rate is judged
 * @param consecutiveFailures failures in a row that open the breaker at once; 0 disables the rule
 * @param waitInOpen how long the breaker stays open before probing
 * @param halfOpenCalls probe requests permitted while half-open
 */
public record BreakerSettings(
    boolean enabled,
    float failureRateThreshold,
    int windowSize,
    int minimumCalls,
    int consecutiveFailures,
    Duration waitInOpen,
    int halfOpenCalls) {

  public static final BreakerSettings DEFAULTS =
      new BreakerSettings(true, 50f, 20, 10, 5, Duration.ofSeconds(10), 2);

  public static final BreakerSettings DISABLED =
      new BreakerSettings(false, 50f, 20, 10, 5, Duration.ofSeconds(10), 2);

  public BreakerSettings {
    if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
      throw new IllegalArgumentException("failureRateThreshold must be in (0, 100]");
    }
    if (windowSize < 1 || minimumCalls < 1 || halfOpenCalls < 1 || consecutiveFailures < 0) {
      throw new IllegalArgumentException(
          "windowSize, minimumCalls and halfOpenCalls must be >= 1, consecutiveFailures >= 0");
    }
    if (waitInOpen == null || waitInOpen.isNegative() || waitInOpen.isZero()) {
      throw new IllegalArgumentException("waitInOpen must be > 0");
    }
  }
}
