package dev.baton.server.scrape;

import java.time.Duration;

/**
 * How Baton reads each worker's own metrics (the {@code metricsScrape:} block of the config). Every
 * key may be left out; a missing one takes the default shown.
 *
 * <pre>{@code
 * metricsScrape:
 *   path: /metrics      # Prometheus text endpoint of vLLM and SGLang
 *   interval: 50ms      # one scrape per endpoint this often (llm-d uses 50 ms)
 *   timeout: 1s         # a scrape slower than this fails; the old load then ages
 *   staleAfter: 2s      # a load older than this is treated as unknown by the scheduler
 * }</pre>
 *
 * @param path the request path on each endpoint's base URL
 * @param interval time between scrape rounds; a round skips an endpoint whose last scrape is still
 *     running, so scrapes never pile up on a slow worker
 * @param timeout the whole scrape (connect, headers, body) must finish within this
 * @param staleAfter how old a load may be before schedulers stop trusting it; should cover a few
 *     intervals so one lost scrape does not blind the scheduler
 */
public record MetricsScrapeConfig(
    String path, Duration interval, Duration timeout, Duration staleAfter) {

  public static final String DEFAULT_PATH = "/metrics";
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(50);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(2);

  public MetricsScrapeConfig {
    path = path == null ? DEFAULT_PATH : path;
    interval = interval == null ? DEFAULT_INTERVAL : interval;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    staleAfter = staleAfter == null ? DEFAULT_STALE_AFTER : staleAfter;
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("metricsScrape.path must start with '/': " + path);
    }
    requirePositive("metricsScrape.interval", interval);
    requirePositive("metricsScrape.timeout", timeout);
    requirePositive("metricsScrape.staleAfter", staleAfter);
    if (staleAfter.compareTo(interval) <= 0) {
      throw new IllegalArgumentException(
          "metricsScrape.staleAfter (" + staleAfter + ") must be longer than interval (" + interval + ")");
    }
  }

  /** All defaults: {@code /metrics} every 50 ms, 1 s timeout, stale after 2 s. */
  public static MetricsScrapeConfig defaults() {
    return new MetricsScrapeConfig(null, null, null, null);
  }

  static void requirePositive(String key, Duration value) {
    if (value.isNegative() || value.isZero() || value.toMillis() < 1) {
      throw new IllegalArgumentException(key + " must be at least 1ms: " + value);
    }
  }
}
