package dev.baton.router.scheduling.scorer;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.scheduling.plugin.Scorer;

/**
 * Type {@code running-requests}: prefers endpoints with a smaller running batch ({@code
 * vllm:num_requests_running}), normalised across candidates; Baton's in-flight requests when any
 * candidate's metrics are stale.
 *
 * <p>Parameters: {@code minRange} (default 8 requests), {@code maxMetricsAgeMillis} (default 2000).
 */
public final class RunningRequestsScorer implements Scorer {
  public static final String TYPE = "running-requests";

  private final long maxAgeNanos;
  private final double minRange;

  public RunningRequestsScorer(long maxAgeNanos, double minRange) {
    this.maxAgeNanos = maxAgeNanos;
    this.minRange = minRange;
  }

  public static RunningRequestsScorer from(Parameters parameters) {
    return new RunningRequestsScorer(
        LoadSignals.maxMetricsAgeNanos(parameters), LoadSignals.minRange(parameters, 8));
  }

  @Override
  public void score(SchedulingContext ctx, double[] scores) {
    int n = ctx.size();
    boolean fresh = LoadSignals.allFresh(ctx, maxAgeNanos);
    for (int i = 0; i < n; i++) {
      EndpointState e = ctx.candidate(i);
      scores[i] = fresh ? e.load().running() : e.inFlightRequests();
    }
    LoadSignals.lowerIsBetter(scores, n, minRange);
  }
}
