package dev.baton.router.scheduling.scorer;

import dev.baton.router.endpoint.EngineLoad;
import dev.baton.router.scheduling.plugin.Parameters;

/**
 * Type {@code queue-depth}: prefers endpoints with fewer requests waiting in the engine's queue
 * ({@code vllm:num_requests_waiting}), normalised across candidates. When any candidate's metrics
 * are stale it compares Baton's in-flight requests instead.
 *
 * <p>Parameters: {@code minRange} (default 4: a difference of 4 queued requests spans the whole
 * score range), {@code maxMetricsAgeMillis} (default 2000).
 */
public final class QueueDepthScorer extends EngineQueueScorer {
  public static final String TYPE = "queue-depth";

  public QueueDepthScorer(long maxAgeNanos, double minRange) {
    super(maxAgeNanos, minRange);
  }

  public static QueueDepthScorer from(Parameters parameters) {
    return new QueueDepthScorer(
        LoadSignals.maxMetricsAgeNanos(parameters), LoadSignals.minRange(parameters, 4));
  }

  @Override
  int requests(EngineLoad load) {
    return load.waiting();
  }
}
