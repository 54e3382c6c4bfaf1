package dev.baton.router.scheduling.plugin;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.latency.LatencyFeatures;
import dev.baton.router.latency.LatencyModel;
import dev.baton.router.latency.LatencyModels;
import java.util.Arrays;

/**
 * Each candidate's predicted TTFT and TPOT for the decision in progress, computed once after the
 * prefix matchers (a candidate's uncached tokens drive its TTFT) and shared by every latency plugin
 * of the profile. Reused per thread, like the {@link SchedulingContext} that owns it.
 */
public final class CandidateLatencies {
  private final double[] ttftX = new double[LatencyFeatures.TTFT];
  private final double[] tpotX = new double[LatencyFeatures.TPOT];
  private double[] ttftMs = new double[16];
  private double[] tpotMs = new double[16];

  CandidateLatencies() {}

  void compute(SchedulingContext ctx, LatencyModels models) {
    int n = ctx.size();
    if (ttftMs.length < n) {
      ttftMs = Arrays.copyOf(ttftMs, Math.max(n, ttftMs.length * 2));
      tpotMs = Arrays.copyOf(tpotMs, ttftMs.length);
    }
    for (int i = 0; i < n; i++) {
      EndpointState e = ctx.candidate(i);
      LatencyModel model = models.modelOf(e);
      LatencyFeatures.ttft(e, ctx.uncachedTokens(i), ctx.nowNanos(), ttftX);
      LatencyFeatures.tpot(e, ctx.nowNanos(), tpotX);
      ttftMs[i] = model.predictTtftMs(ttftX);
      tpotMs[i] = model.predictTpotMs(tpotX);
    }
  }

  /** Candidate {@code i}'s predicted time to first token, ms. */
  public double ttftMs(int i) {
    return ttftMs[i];
  }

  /** Candidate {@code i}'s predicted time per output token, ms. */
  public double tpotMs(int i) {
    return tpotMs[i];
  }
}
