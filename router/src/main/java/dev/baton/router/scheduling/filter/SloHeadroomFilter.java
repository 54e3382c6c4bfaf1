package dev.baton.router.scheduling.filter;

import dev.baton.router.latency.SloTarget;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.plugin.CandidateFilter;
import dev.baton.router.scheduling.plugin.CandidateLatencies;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;

/**
 * Type {@code slo-headroom}: for a request with a latency objective, keeps the candidates predicted
 * to meet it with {@code margin} to spare; when none is, keeps the least bad (the smallest ratio of
 * prediction to target), so the request is still served. A request without an objective, or a
 * single candidate, passes untouched. The TPOT target counts in the {@code decode} phase only: a
 * prefill endpoint emits no output tokens.
 *
 * <p>Parameters: {@code margin} (default 0.1): a candidate meets a target when its prediction times
 * {@code 1 + margin} is within it, room for the model's error.
 */
public record SloHeadroomFilter(double margin) implements CandidateFilter {
  public static final String TYPE = "slo-headroom";
  private static final double TIE = 1e-9;

  public static SloHeadroomFilter from(Parameters parameters) {
    return new SloHeadroomFilter(parameters.doubleValue("margin", 0.1, 0, 10));
  }

  @Override
  public void narrow(SchedulingContext ctx) {
    SloTarget slo = ctx.request().slo();
    boolean tpot = slo.hasTpot() && ctx.phase() == Phase.DECODE;
    int n = ctx.size();
    if ((!slo.hasTtft() && !tpot) || n <= 1) {
      return;
    }
    CandidateLatencies predicted = ctx.latencies();
    boolean[] keep = ctx.keepMask();
    double best = Double.POSITIVE_INFINITY;
    int meeting = 0;
    for (int i = 0; i < n; i++) {
      double ratio = ratio(slo, tpot, predicted, i);
      best = Math.min(best, ratio);
      keep[i] = ratio * (1 + margin) <= 1;
      if (keep[i]) {
        meeting++;
      }
    }
    if (meeting == n) {
      return;
    }
    if (meeting == 0) {
      for (int i = 0; i < n; i++) {
        keep[i] = ratio(slo, tpot, predicted, i) <= best + TIE;
      }
    }
    ctx.retain(keep);
  }

  /** How far the worse of the candidate's predictions is from its target: 1 is exactly on it. */
  static double ratio(SloTarget slo, boolean tpot, CandidateLatencies predicted, int i) {
    double r = 0;
    if (slo.hasTtft()) {
      r = predicted.ttftMs(i) / slo.ttftMs();
    }
    if (tpot) {
      r = Math.max(r, predicted.tpotMs(i) / slo.tpotMs());
    }
    return r;
  }
}
