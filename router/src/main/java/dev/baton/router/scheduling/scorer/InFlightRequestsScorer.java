package dev.baton.router.scheduling.scorer;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.scheduling.plugin.Scorer;

/**
 * Type {@code inflight-requests}: prefers endpoints with fewer requests Baton has sent and not yet
 * seen finish. Unlike engine metrics these move the moment a request is routed, so a burst between
 * two scrapes still spreads.
 *
 * <p>Parameters: {@code minRange} (default 8 requests).
 */
public record InFlightRequestsScorer(double minRange) implements Scorer {
  public static final String TYPE = "inflight-requests";

  public static InFlightRequestsScorer from(Parameters parameters) {
    return new InFlightRequestsScorer(LoadSignals.minRange(parameters, 8));
  }

  @Override
  public void score(SchedulingContext ctx, double[] scores) {
    LoadSignals.scoreLowerIsBetter(ctx, scores, EndpointState::inFlightRequests, minRange);
  }
}
