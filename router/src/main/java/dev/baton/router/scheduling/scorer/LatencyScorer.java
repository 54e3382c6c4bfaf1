package dev.baton.router.scheduling.scorer;

import dev.baton.router.latency.SloTarget;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.plugin.CandidateLatencies;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.scheduling.plugin.Scorer;

/**
 * Type {@code latency}: rates candidates by the latency model's predictions. For a request with an
 * objective the score is its headroom: {@code 0.5 + 0.5 x (target - predicted) / target} for the
 * tighter of its TTFT and TPOT targets (1 for an instant answer, 0.5 exactly on target, 0 at twice
 * the target or worse). Without one, the lowest predicted TTFT scores 1 and the others less in
 * proportion (over at least {@code minRangeMs}), so it acts as a load scorer that knows what each
 * endpoint's hardware and cache make of the prompt.
 *
 * <p>Parameters: {@code minRangeMs} (default 100): TTFT difference spanning the range, without
 * an objective.
 */
public record LatencyScorer(double minRangeMs) implements Scorer {
  public static final String TYPE = "latency";

  public static LatencyScorer from(Parameters parameters) {
    return new LatencyScorer(parameters.doubleValue("minRangeMs", 100, 0, 3_600_000));
  }

  @Override
  public void score(SchedulingContext ctx, double[] scores) {
    SloTarget slo = ctx.request().slo();
    boolean tpot = slo.hasTpot() && ctx.phase() == Phase.DECODE;
    CandidateLatencies predicted = ctx.latencies();
    int n = ctx.size();
    if (!slo.hasTtft() && !tpot) {
      for (int i = 0; i < n; i++) {
        scores[i] = predicted.ttftMs(i);
      }
      LoadSignals.lowerIsBetter(scores, n, minRangeMs);
      return;
    }
    for (int i = 0; i < n; i++) {
      double headroom = Double.POSITIVE_INFINITY;
      if (slo.hasTtft()) {
        headroom = (slo.ttftMs() - predicted.ttftMs(i)) / slo.ttftMs();
      }
      if (tpot) {
        headroom = Math.min(headroom, (slo.tpotMs() - predicted.tpotMs(i)) / slo.tpotMs());
      }
      scores[i] = 0.5 + 0.5 * headroom;
    }
  }
}
