package dev.baton.router.scheduling.scorer;

import dev.baton.router.endpoint.EngineLoad;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.scheduling.plugin.Scorer;
import java.util.Arrays;

/**
 * Type {@code lora-affinity}: for a request to a LoRA adapter, prefers endpoints where the adapter is
 * already running or waiting (1), then endpoints with a free LoRA slot ({@code freeSlotScore}), then
 * full ones (0), per {@code vllm:lora_requests_info}. Endpoints whose metrics are stale or that report
 * no LoRA slots score {@code unknownScore}. Requests to a base model score 1 everywhere (no effect).
 *
 * <p>Parameters: {@code freeSlotScore} (0.5), {@code unknownScore} (0.5), {@code maxMetricsAgeMillis}
 * (2000).
 */
public record LoraAffinityScorer(long maxAgeNanos, double freeSlotScore, double unknownScore)
    implements Scorer {
  public static final String TYPE = "lora-affinity";

  public static LoraAffinityScorer from(Parameters parameters) {
    return new LoraAffinityScorer(
        LoadSignals.maxMetricsAgeNanos(parameters),
        parameters.doubleValue("freeSlotScore", 0.5, 0, 1),
        parameters.doubleValue("unknownScore", 0.5, 0, 1));
  }

  @Override
  public void score(SchedulingContext ctx, double[] scores) {
    int n = ctx.size();
    String adapter = ctx.request().loraAdapter();
    if (adapter == null) {
      Arrays.fill(scores, 0, n, 1);
      return;
    }
    for (int i = 0; i < n; i++) {
      scores[i] = score(ctx.candidate(i).load(), adapter, ctx.nowNanos());
    }
  }

  private double score(EngineLoad load, String adapter, long now) {
    if (load.isStale(now, maxAgeNanos)) {
      return unknownScore;
    }
    if (load.activeLoras().contains(adapter)) {
      return 1;
    }
    if (load.maxLoras() <= 0) {
      return unknownScore;
    }
    return load.activeLoras().size() < load.maxLoras() ? freeSlotScore : 0;
  }
}
