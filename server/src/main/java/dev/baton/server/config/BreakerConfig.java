package dev.baton.server.config;

import dev.baton.transfer.breaker.BreakerSettings;
import java.time.Duration;

/**
 * The YAML {@code resilience.breaker} section: a circuit breaker per endpoint, fed by real requests,
 * that takes a failing worker out of scheduling (passive outlier ejection, next to the active
 * health probes). Failures are connect errors, timeouts, 5xx answers and streams that break.
 *
 * @param enabled default true
 * @param failureRateThreshold percent of failed calls in the window that opens it (default 50)
 * @param windowSize calls in the sliding window (default 20)
 * @param minimumCalls calls before the rate is judged (default 10)
 * @param consecutiveFailures failures in a row that open it at once (default 5; 0 disables)
 * @param waitInOpen how long it stays open before letting probe requests through (default 10s)
 * @param halfOpenCalls probe requests while half-open (default 2)
 */
public record BreakerConfig(
    Boolean enabled,
    Float failureRateThreshold,
    Integer windowSize,
    Integer minimumCalls,
    Integer consecutiveFailures,
    Duration waitInOpen,
    Integer halfOpenCalls) {

  public static final BreakerConfig DEFAULTS =
      new BreakerConfig(null, null, null, null, null, null, null);

  public BreakerConfig {
    BreakerSettings d = BreakerSettings.DEFAULTS;
    enabled = enabled == null ? d.enabled() : enabled;
    failureRateThreshold = failureRateThreshold == null ? d.failureRateThreshold() : failureRateThreshold;
    windowSize = windowSize == null ? d.windowSize() : windowSize;
    minimumCalls = minimumCalls == null ? d.minimumCalls() : minimumCalls;
    consecutiveFailures = consecutiveFailures == null ? d.consecutiveFailures() : consecutiveFailures;
    waitInOpen = waitInOpen == null ? d.waitInOpen() : waitInOpen;
    halfOpenCalls = halfOpenCalls == null ? d.halfOpenCalls() : halfOpenCalls;
    toSettings(enabled, failureRateThreshold, windowSize, minimumCalls, consecutiveFailures,
        waitInOpen, halfOpenCalls);
  }

  public BreakerSettings toSettings() {
    return toSettings(enabled, failureRateThreshold, windowSize, minimumCalls, consecutiveFailures,
        waitInOpen, halfOpenCalls);
  }

  private static BreakerSettings toSettings(boolean enabled, float rate, int window, int minimum,
      int consecutive, Duration wait, int halfOpen) {
    return new BreakerSettings(enabled, rate, window, minimum, consecutive, wait, halfOpen);
  }
}
