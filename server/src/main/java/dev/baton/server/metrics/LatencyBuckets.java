package dev.baton.server.metrics;

import java.time.Duration;

/**
 * Histogram bucket bounds sized for LLM serving, where latencies span four orders of magnitude by
 * phase: inter-token gaps are tens of milliseconds, first tokens hundreds, whole answers seconds to
 * minutes. Each set is dense around the usual SLO targets (TTFT 200 ms to 2 s, ITL 20 to 100 ms) and
 * coarse at the tails, so {@code histogram_quantile} is accurate where alerts are set, at about 20
 * series per histogram instead of the 70-odd of Micrometer's generic percentile histogram.
 */
final class LatencyBuckets {

  /** Time to first token, and the prefill leg (which is most of it). */
  static final Duration[] FIRST_TOKEN =
      millis(10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10_000,
          20_000, 30_000, 60_000);

  /** Gap between two streamed tokens. */
  static final Duration[] INTER_TOKEN =
      millis(2, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1000, 2500, 5000);

  /** A whole request, and the decode leg. */
  static final Duration[] END_TO_END =
      millis(100, 250, 500, 1000, 2000, 3000, 5000, 7500, 10_000, 15_000, 20_000, 30_000, 45_000,
          60_000, 90_000, 120_000, 180_000, 300_000, 600_000);

  /** One scheduling decision: microseconds normally, milliseconds means something is wrong. */
  static final Duration[] SCHEDULER = {
    Duration.ofNanos(5_000), Duration.ofNanos(10_000), Duration.ofNanos(25_000),
    Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000),
    Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
    Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(100)
  };

  private LatencyBuckets() {}

  private static Duration[] millis(long... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Duration.ofMillis(values[i]);
    }
    return out;
  }
}
