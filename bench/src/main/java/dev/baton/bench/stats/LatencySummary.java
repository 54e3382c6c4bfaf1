package dev.baton.bench.stats;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles in milliseconds (three decimals), as written in the JSON summary.
 *
 * @param count how many values were recorded
 * @param mean arithmetic mean
 * @param p50 median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param max largest value
 */
public record LatencySummary(long count, double mean, double p50, double p90, double p99, double max) {

  /** All zero: nothing was recorded. */
  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

  /** Summarizes a histogram of microseconds. */
  public static LatencySummary ofMicros(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencySummary(
        micros.getTotalCount(),
        millis(micros.getMean()),
        millis(micros.getValueAtPercentile(50)),
        millis(micros.getValueAtPercentile(90)),
        millis(micros.getValueAtPercentile(99)),
        millis(micros.getMaxValue()));
  }

  private static double millis(double micros) {
    return Math.round(micros) / 1000.0;
  }
}
