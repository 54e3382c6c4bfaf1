package dev.baton.router.scheduling.scorer;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.EngineLoad;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.scheduling.plugin.Scorer;

/**
 * Prefers endpoints with fewer requests by one engine-reported count, normalised across candidates.
 * When any candidate's metrics are stale every candidate is compared by Baton's in-flight requests
 * instead (see {@link LoadSignals#allFresh}). Subclasses name the count.
 */
abstract sealed class EngineQueueScorer implements Scorer permits QueueDepthScorer, RunningRequestsScorer {
  private final long maxAgeNanos;
  private final double minRange;

  EngineQueueScorer(long maxAgeNanos, double minRange) {
    this.maxAgeNanos = maxAgeNanos;
    this.minRange = minRange;
  }

  /** The engine's count of requests this scorer compares (lower is better). */
  abstract int requests(EngineLoad load);

  @Override
  public final void score(SchedulingContext ctx, double[] scores) {
    if (LoadSignals.allFresh(ctx, maxAgeNanos)) {
      LoadSignals.scoreLowerIsBetter(ctx, scores, e -> requests(e.load()), minRange);
    } else {
      LoadSignals.scoreLowerIsBetter(ctx, scores, EndpointState::inFlightRequests, minRange);
    }
  }
}
