package dev.baton.router.scheduling.scorer;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.scheduling.plugin.Scorer;

/**
 * Type {@code queue-depth}: prefers endpoints with fewer requests waiting in the engine's queue
 * ({@code vllm:num_requests_waiting}), normalised across candidates. When any candidate's metrics
 * are stale it compares Baton's in-flight requests instead.
 *
 * <p>Parameters: {@code minRange} (default 4: a difference of 4 queued requests spans the whole
 * score range), {@code maxMetricsAgeMillis} (default 2000).
 */
public final class QueueDepthScorer implements Scorer {
  public static final String TYPE = "queue-depth";

  private final long maxAgeNanos;
  private final double minRange;

  public QueueDepthScorer(long maxAgeNanos, double minRange) {
    this.maxAgeNanos = maxAgeNanos;
    this.minRange = minRange;
  }

  public static QueueDepthScorer from(Parameters parameters) {
    return new QueueDepthScorer(
        LoadSignals.maxMetricsAgeNanos(parameters), LoadSignals.minRange(parameters, 4));
  }

  @Override
  public void score(SchedulingContext ctx, double[] scores) {
    int n = ctx.size();
    boolean fresh = LoadSignals.allFresh(ctx, maxAgeNanos);
    for (int i = 0; i < n; i++) {
      EndpointState e = ctx.candidate(i);
      scores[i] = fresh ? e.load().waiting() : e.inFlightRequests();
    }
    LoadSignals.lowerIsBetter(scores, n, minRange);
  }
}
