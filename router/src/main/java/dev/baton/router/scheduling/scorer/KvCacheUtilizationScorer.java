package dev.baton.router.scheduling.scorer;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.scheduling.plugin.Scorer;

/**
 * Type {@code kv-cache-utilization}: prefers endpoints with free KV-cache, scoring {@code 1 -
 * vllm:kv_cache_usage_perc}. When any candidate's metrics are stale it compares Baton's in-flight
 * tokens (prompt plus output limit) instead, normalised across candidates.
 *
 * <p>Parameters: {@code minRange} (default 16384 tokens, used only in the fallback), {@code
 * maxMetricsAgeMillis} (default 2000).
 */
public record KvCacheUtilizationScorer(long maxAgeNanos, double minRange) implements Scorer {
  public static final String TYPE = "kv-cache-utilization";

  public static KvCacheUtilizationScorer from(Parameters parameters) {
    return new KvCacheUtilizationScorer(
        LoadSignals.maxMetricsAgeNanos(parameters), LoadSignals.minRange(parameters, 16_384));
  }

  @Override
  public void score(SchedulingContext ctx, double[] scores) {
    int n = ctx.size();
    if (LoadSignals.allFresh(ctx, maxAgeNanos)) {
      for (int i = 0; i < n; i++) {
        scores[i] = 1.0 - ctx.candidate(i).load().kvCacheUsage();
      }
      return;
    }
    LoadSignals.scoreLowerIsBetter(ctx, scores, EndpointState::inFlightTokens, minRange);
  }
}
