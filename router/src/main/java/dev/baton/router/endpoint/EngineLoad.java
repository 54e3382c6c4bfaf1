package dev.baton.router.endpoint;

import java.util.Set;

/**
 * One scrape of an engine's own metrics (vLLM or SGLang {@code /metrics}).
 *
 * @param running requests in the running batch ({@code vllm:num_requests_running})
 * @param waiting requests queued ({@code vllm:num_requests_waiting})
 * @param kvCacheUsage KV-cache blocks in use, 0..1 ({@code vllm:kv_cache_usage_perc})
 * @param maxLoras LoRA slots ({@code vllm:lora_requests_info{max_lora}}), 0 when unknown
 * @param activeLoras adapters running or waiting on the engine
 * @param scrapedAtNanos {@link System#nanoTime()} of the scrape, for staleness checks
 */
public record EngineLoad(
    int running,
    int waiting,
    double kvCacheUsage,
    int maxLoras,
    Set<String> activeLoras,
    long scrapedAtNanos) {

  /** What the scheduler assumes before the first scrape: an idle engine. */
  public static final EngineLoad UNKNOWN = new EngineLoad(0, 0, 0.0, 0, Set.of(), Long.MIN_VALUE);

  public EngineLoad {
    activeLoras = Set.copyOf(activeLoras);
  }

  public boolean isKnown() {
    return scrapedAtNanos != Long.MIN_VALUE;
  }

  public boolean isStale(long nowNanos, long maxAgeNanos) {
    return !isKnown() || nowNanos - scrapedAtNanos > maxAgeNanos;
  }
}
