package dev.baton.server.health;

import java.time.Duration;

/**
 * How Baton actively checks each worker (the {@code healthChecks:} block of the config). Every key
 * may be left out; a missing one takes the default shown.
 *
 * <pre>{@code
 * healthChecks:
 *   path: /health          # vLLM and SGLang answer 200 when the engine is alive
 *   interval: 2s           # one probe per endpoint this often
 *   timeout: 1s            # a probe slower than this counts as failed
 *   healthyThreshold: 2    # consecutive successes that bring an unhealthy endpoint back
 *   unhealthyThreshold: 3  # consecutive failures that take an endpoint out of scheduling
 * }</pre>
 *
 * <p>An endpoint starts {@code UNKNOWN} (already schedulable) and becomes {@code HEALTHY} on its
 * first successful probe; only a return from {@code UNHEALTHY} waits for {@code healthyThreshold}.
 *
 * @param path the request path on each endpoint's base URL; any 2xx answer is a success
 * @param interval time between probes of one endpoint; a probe never starts while the previous one
 *     to the same endpoint is still running
 * @param timeout the whole probe (connect, answer, body) must finish within this
 * @param healthyThreshold consecutive successful probes that turn an unhealthy endpoint healthy
 * @param unhealthyThreshold consecutive failed probes that turn an endpoint unhealthy
 */
public record HealthCheckConfig(
    String path,
    Duration interval,
    Duration timeout,
    Integer healthyThreshold,
    Integer unhealthyThreshold) {

  public static final String DEFAULT_PATH = "/health";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  public static final int DEFAULT_HEALTHY_THRESHOLD = 2;
  public static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;

  public HealthCheckConfig {
    path = path == null ? DEFAULT_PATH : path;
    interval = interval == null ? DEFAULT_INTERVAL : interval;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    healthyThreshold = healthyThreshold == null ? DEFAULT_HEALTHY_THRESHOLD : healthyThreshold;
    unhealthyThreshold =
        unhealthyThreshold == null ? DEFAULT_UNHEALTHY_THRESHOLD : unhealthyThreshold;
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("healthChecks.path must start with '/': " + path);
    }
    requireAtLeastOneMilli("healthChecks.interval", interval);
    requireAtLeastOneMilli("healthChecks.timeout", timeout);
    if (healthyThreshold < 1) {
      throw new IllegalArgumentException(
          "healthChecks.healthyThreshold must be at least 1: " + healthyThreshold);
    }
    if (unhealthyThreshold < 1) {
      throw new IllegalArgumentException(
          "healthChecks.unhealthyThreshold must be at least 1: " + unhealthyThreshold);
    }
  }

  /** All defaults: {@code GET /health} every 2 s, 1 s timeout, 2 up, 3 down. */
  public static HealthCheckConfig defaults() {
    return new HealthCheckConfig(null, null, null, null, null);
  }

  private static void requireAtLeastOneMilli(String key, Duration value) {
    if (value.toMillis() < 1) {
      throw new IllegalArgumentException(key + " must be at least 1ms: " + value);
    }
  }
}
