package dev.baton.router.scheduling.scorer;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.scheduling.plugin.Scorer;

/**
 * Type {@code inflight-tokens}: prefers endpoints with fewer tokens (prompt plus output limit) in
 * requests Baton has sent there and not seen finish: a long prompt weighs more than a short one.
 *
 * <p>Parameters: {@code minRange} (default 16384 tokens).
 */
public record InFlightTokensScorer(double minRange) implements Scorer {
  public static final String TYPE = "inflight-tokens";

  public static InFlightTokensScorer from(Parameters parameters) {
    return new InFlightTokensScorer(LoadSignals.minRange(parameters, 16_384));
  }

  @Override
  public void score(SchedulingContext ctx, double[] scores) {
    LoadSignals.scoreLowerIsBetter(ctx, scores, EndpointState::inFlightTokens, minRange);
  }
}
