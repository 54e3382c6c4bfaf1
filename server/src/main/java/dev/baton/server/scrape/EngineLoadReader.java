package dev.baton.server.scrape;

import dev.baton.router.endpoint.EngineLoad;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the samples of one vLLM or SGLang {@code /metrics} body into an {@link EngineLoad}.
 *
 * <p>Request counts are summed over every label set, so a data-parallel engine that reports one
 * series per {@code engine} label counts all its ranks. KV-cache usage is averaged instead: each rank
 * has its own cache of the same size, so the mean is the fraction of the whole that is in use.
 * Each {@code engine} label's own series are also kept apart ({@link #rankLoad}): the load of one
 * data-parallel rank. Reused across scrapes of one endpoint: {@link #finish} hands out the result
 * and clears the tallies.
 */
final class EngineLoadReader implements PrometheusTextParser.SampleHandler {
  static final String VLLM_RUNNING = "vllm:num_requests_running";
  static final String VLLM_WAITING = "vllm:num_requests_waiting";
  static final String VLLM_KV_USAGE = "vllm:kv_cache_usage_perc";
  /** The name vLLM used before {@code kv_cache_usage_perc}; same meaning. */
  static final String VLLM_KV_USAGE_OLD = "vllm:gpu_cache_usage_perc";
  static final String VLLM_LORA_INFO = "vllm:lora_requests_info";
  static final String SGLANG_RUNNING = "sglang:num_running_reqs";
  static final String SGLANG_WAITING = "sglang:num_queue_reqs";
  static final String SGLANG_KV_USAGE = "sglang:token_usage";

  private static final String[] WANTED = {
    VLLM_RUNNING, VLLM_WAITING, VLLM_KV_USAGE, VLLM_KV_USAGE_OLD, VLLM_LORA_INFO,
    SGLANG_RUNNING, SGLANG_WAITING, SGLANG_KV_USAGE
  };

  private double running;
  private double waiting;
  private final Usage usage = new Usage();
  private final Usage oldUsage = new Usage();
  private boolean sawCounts;
  // Per engine label, for servers with data-parallel ranks; scrapes of one endpoint never overlap.
  private final Map<String, RankTally> byEngine = new HashMap<>(4);
  // vLLM keeps one lora_requests_info series per label combination it ever reported, with the time
  // of the report as value: the newest series per engine is the current one.
  private Map<String, Sample> latestLoraInfo;

  @Override
  public boolean wants(CharSequence sampleName) {
    for (String name : WANTED) {
      if (name.contentEquals(sampleName)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void sample(Sample sample) {
    double value = sample.value();
    switch (sample.name()) {
      case VLLM_RUNNING, SGLANG_RUNNING -> {
        running += finiteOrZero(value);
        rank(sample).running += finiteOrZero(value);
        sawCounts = true;
      }
      case VLLM_WAITING, SGLANG_WAITING -> {
        waiting += finiteOrZero(value);
        rank(sample).waiting += finiteOrZero(value);
        sawCounts = true;
      }
      case VLLM_KV_USAGE, SGLANG_KV_USAGE -> {
        usage.add(value);
        rank(sample).usage.add(value);
      }
      case VLLM_KV_USAGE_OLD -> oldUsage.add(value);
      case VLLM_LORA_INFO -> loraInfo(sample);
      default -> {}
    }
  }

  private RankTally rank(Sample sample) {
    return byEngine.computeIfAbsent(sample.label("engine"), engine -> new RankTally());
  }

  /**
   * What the last body said of one rank (its series labelled {@code engine="<rank>"}), with the
   * server's LoRA view; empty when it had no series of that rank. Read after {@link #finish}.
   */
  Optional<EngineLoad> rankLoad(int rank, EngineLoad server) {
    RankTally t = byEngine.get(Integer.toString(rank));
    if (t == null) {
      return Optional.empty();
    }
    return Optional.of(new EngineLoad((int) Math.round(t.running), (int) Math.round(t.waiting),
        t.usage.mean(), server.maxLoras(), server.activeLoras(), server.scrapedAtNanos()));
  }

  private void loraInfo(Sample sample) {
    if (latestLoraInfo == null) {
      latestLoraInfo = new HashMap<>(4);
    }
    latestLoraInfo.merge(
        sample.label("engine"), sample, (old, now) -> now.value() >= old.value() ? now : old);
  }

  /**
   * The load this body described, or empty when it carried none of the known metrics (the old load
   * is then left to go stale rather than replaced by zeros). Clears the tallies either way.
   */
  Optional<EngineLoad> finish(long scrapedAtNanos) {
    try {
      Usage kv = usage.count > 0 ? usage : oldUsage;
      if (!sawCounts && kv.count == 0) {
        return Optional.empty();
      }
      int maxLoras = 0;
      Set<String> adapters = Set.of();
      if (latestLoraInfo != null) {
        adapters = new LinkedHashSet<>();
        for (Sample info : latestLoraInfo.values()) {
          maxLoras = Math.max(maxLoras, parseCount(info.label("max_lora")));
          addAdapters(adapters, info.label("running_lora_adapters"));
          addAdapters(adapters, info.label("waiting_lora_adapters"));
        }
      }
      return Optional.of(
          new EngineLoad(
              (int) Math.round(running),
              (int) Math.round(waiting),
              kv.mean(),
              maxLoras,
              adapters,
              scrapedAtNanos));
    } finally {
      // The per-rank tallies stay until the next body: rankLoad reads them after the total.
      clearTotals();
    }
  }

  void reset() {
    clearTotals();
    byEngine.clear();
  }

  private void clearTotals() {
    running = 0;
    waiting = 0;
    usage.clear();
    oldUsage.clear();
    sawCounts = false;
    latestLoraInfo = null;
  }

  private static void addAdapters(Set<String> into, String commaSeparated) {
    for (String name : commaSeparated.split(",")) {
      String trimmed = name.strip();
      if (!trimmed.isEmpty()) {
        into.add(trimmed);
      }
    }
  }

  private static int parseCount(String text) {
    try {
      return (int) Math.round(Double.parseDouble(text));
    } catch (NumberFormatException notANumber) {
      return 0;
    }
  }

  private static double finiteOrZero(double value) {
    return Double.isFinite(value) && value > 0 ? value : 0;
  }

  /** Mean of the finite usage fractions seen, clamped to 0..1. */
  private static final class Usage {
    double sum;
    int count;

    void add(double value) {
      if (Double.isFinite(value)) {
        sum += value;
        count++;
      }
    }

    double mean() {
      return count == 0 ? 0.0 : Math.min(1.0, Math.max(0.0, sum / count));
    }

    void clear() {
      sum = 0;
      count = 0;
    }
  }

  /** One rank's counts and usage within a body. */
  private static final class RankTally {
    double running;
    double waiting;
    final Usage usage = new Usage();
  }
}
