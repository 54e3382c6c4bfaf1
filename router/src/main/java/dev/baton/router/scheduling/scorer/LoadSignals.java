package dev.baton.router.scheduling.scorer;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import java.util.function.ToDoubleFunction;

/** Shared arithmetic of the load scorers: freshness of engine metrics and normalisation. */
final class LoadSignals {
  /** llm-d treats metrics older than 2 s as stale; so does Baton by default. */
  static final long DEFAULT_MAX_METRICS_AGE_MILLIS = 2_000;

  private LoadSignals() {}

  /** Reads the {@code maxMetricsAgeMillis} parameter, in nanoseconds. */
  static long maxMetricsAgeNanos(Parameters parameters) {
    return parameters.longValue(
        "maxMetricsAgeMillis", DEFAULT_MAX_METRICS_AGE_MILLIS, 1, 3_600_000) * 1_000_000L;
  }

  /**
   * True when every candidate's engine metrics are recent enough to trust. Scorers use engine
   * metrics only then; otherwise they compare all candidates by Baton's own in-flight counts, so an
   * endpoint with a stuck scraper is never compared on a different scale than its peers.
   */
  static boolean allFresh(SchedulingContext ctx, long maxAgeNanos) {
    long now = ctx.nowNanos();
    for (int i = 0, n = ctx.size(); i < n; i++) {
      if (ctx.candidate(i).load().isStale(now, maxAgeNanos)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Turns raw values (lower is better) into scores in place: the lowest gets 1, others lose in
   * proportion to their distance from it over the spread. The spread is at least {@code minRange},
   * so that 1 request against 0 is not treated like 100 against 0 (plain min-max would give the
   * busier endpoint 0 either way, and drown every other scorer's opinion).
   */
  static void lowerIsBetter(double[] values, int n, double minRange) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      min = Math.min(min, values[i]);
      max = Math.max(max, values[i]);
    }
    double range = Math.max(max - min, minRange);
    for (int i = 0; i < n; i++) {
      values[i] = range <= 0 ? 1.0 : 1.0 - (values[i] - min) / range;
    }
  }

  /** Scores each candidate by {@code count} (lower is better), as {@link #lowerIsBetter}. */
  static void scoreLowerIsBetter(SchedulingContext ctx, double[] scores,
      ToDoubleFunction<EndpointState> count, double minRange) {
    int n = ctx.size();
    for (int i = 0; i < n; i++) {
      scores[i] = count.applyAsDouble(ctx.candidate(i));
    }
    lowerIsBetter(scores, n, minRange);
  }

  /** Reads the {@code minRange} parameter. */
  static double minRange(Parameters parameters, double defaultValue) {
    return parameters.doubleValue("minRange", defaultValue, 0, 1e12);
  }
}
