package dev.baton.router.scheduling.scorer;

import dev.baton.router.latency.HardwareClass;
import dev.baton.router.latency.LatencyModels;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.scheduling.plugin.Scorer;

/**
 * Type {@code cost}: prefers the candidate whose hardware class serves this request's work most
 * cheaply, by the classes' {@code costPerHour} and engine timings: in the {@code prefill} phase the
 * uncached prompt tokens, in {@code decode} (which also serves whole requests) those plus the output
 * limit. The cheapest scores 1, the others {@code cheapest / theirs}. Listed after an {@code
 * slo-headroom} filter it picks the cheapest endpoint among those predicted to meet the objective,
 * so Baton pays for fast hardware only where a target needs it. No parameters.
 */
public record CostScorer(LatencyModels models) implements Scorer {
  public static final String TYPE = "cost";

  public static CostScorer from(Parameters parameters, SchedulerState state) {
    return new CostScorer(state.latency());
  }

  @Override
  public void score(SchedulingContext ctx, double[] scores) {
    int n = ctx.size();
    long output = ctx.phase() == Phase.PREFILL ? 0 : Math.max(ctx.request().maxTokens(), 1);
    double cheapest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      HardwareClass c = models.classOf(ctx.candidate(i).endpoint());
      scores[i] = c.cost(Math.max(ctx.uncachedTokens(i), 1), output);
      cheapest = Math.min(cheapest, scores[i]);
    }
    for (int i = 0; i < n; i++) {
      scores[i] = scores[i] <= 0 ? 1 : cheapest / scores[i];
    }
  }
}
