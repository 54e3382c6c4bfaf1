package dev.baton.router.scheduling.scorer;

import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.scheduling.plugin.Scorer;

/**
 * Type {@code inflight-tokens}: prefers endpoints with fewer tokens (prompt plus output limit) in
 * requests Baton has sent there and not seen finish: a long prompt weighs more than a short one.
 *
 * <p>Parameters: {@code minRange} (default 16384 tokens).
 */
public final class InFlightTokensScorer implements Scorer {
  public static final String TYPE = "inflight-tokens";

  private final double minRange;

  public InFlightTokensScorer(double minRange) {
    this.minRange = minRange;
  }

  public static InFlightTokensScorer from(Parameters parameters) {
    return new InFlightTokensScorer(LoadSignals.minRange(parameters, 16_384));
  }

  @Override
  public void score(SchedulingContext ctx, double[] scores) {
    int n = ctx.size();
    for (int i = 0; i < n; i++) {
      scores[i] = ctx.candidate(i).inFlightTokens();
    }
    LoadSignals.lowerIsBetter(scores, n, minRange);
  }
}
