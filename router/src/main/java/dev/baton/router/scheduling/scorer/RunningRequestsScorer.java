package dev.baton.router.scheduling.scorer;

import dev.baton.router.endpoint.EngineLoad;
import dev.baton.router.scheduling.plugin.Parameters;

/**
 * Type {@code running-requests}: prefers endpoints with a smaller running batch ({@code
 * vllm:num_requests_running}), normalised across candidates; Baton's in-flight requests when any
 * candidate's metrics are stale.
 *
 * <p>Parameters: {@code minRange} (default 8 requests), {@code maxMetricsAgeMillis} (default 2000).
 */
public final class RunningRequestsScorer extends EngineQueueScorer {
  public static final String TYPE = "running-requests";

  public RunningRequestsScorer(long maxAgeNanos, double minRange) {
    super(maxAgeNanos, minRange);
  }

  public static RunningRequestsScorer from(Parameters parameters) {
    return new RunningRequestsScorer(
        LoadSignals.maxMetricsAgeNanos(parameters), LoadSignals.minRange(parameters, 8));
  }

  @Override
  int requests(EngineLoad load) {
    return load.running();
  }
}
