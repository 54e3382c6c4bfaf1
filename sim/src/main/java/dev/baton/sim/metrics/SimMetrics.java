package dev.baton.sim.metrics;

import dev.baton.sim.SimConfig;
import dev.baton.sim.engine.EngineCounters;
import dev.baton.sim.engine.EngineObserver;
import dev.baton.sim.engine.FinishReason;
import dev.baton.sim.engine.Sequence;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * vLLM's engine metrics for one worker, with vLLM's names and labels ({@code model_name}, {@code
 * engine="<rank>"}: one series per data-parallel rank, as vLLM reports a server started with
 * {@code --data-parallel-size}), written in the Prometheus text format by the Prometheus Java
 * client. Histogram buckets follow vLLM's; durations are simulated seconds.
 */
public final class SimMetrics {

  /** The text format's content type. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final String model;
  private final Counter requestSuccess;
  private final Histogram ttft;
  private final Histogram itl;
  private final Histogram e2e;
  private final Histogram queue;
  private final Histogram prefill;
  private final Histogram decode;
  private final Histogram iterationTokens;
  private final Map<String, Integer> runningAdapters = new TreeMap<>();
  private final List<EngineCounters> ranks;

  /** The metrics of a worker whose engines (one per data-parallel rank) publish into {@code ranks}. */
  public SimMetrics(SimConfig config, List<EngineCounters> ranks) {
    this.model = config.model();
    this.ranks = List.copyOf(ranks);
    gauge("vllm:num_requests_running", "Number of requests in model execution batches.", c -> c.running());
    gauge("vllm:num_requests_waiting", "Number of requests waiting to be processed.", c -> c.waiting());
    gauge("vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.",
        c -> (double) c.usedBlocks() / config.kvBlocks());
    counter("vllm:prefix_cache_queries", "Prefix cache queries, in terms of number of queried tokens.",
        c -> c.prefixCacheQueries());
    counter("vllm:prefix_cache_hits", "Prefix cache hits, in terms of number of cached tokens.",
        c -> c.prefixCacheHits());
    counter("vllm:prompt_tokens", "Number of prefill tokens processed.", c -> c.promptTokens());
    counter("vllm:generation_tokens", "Number of generation tokens processed.", c -> c.generationTokens());
    // Not a vLLM metric: what the simulated hardware was busy for, so benchmarks can price it.
    gauge("sim:gpu_busy_seconds", "Simulated seconds the GPU spent in engine steps.",
        c -> c.busySeconds());
    counter("vllm:num_preemptions", "Cumulative number of preemption from the engine.", c -> c.preemptions());
    requestSuccess = Counter.builder().name("vllm:request_success")
        .help("Count of successfully processed requests.")
        .labelNames("model_name", "engine", "finished_reason").register(registry);
    ttft = histogram("vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.",
        0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0,
        40.0, 80.0, 160.0, 640.0, 2560.0);
    itl = histogram("vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.",
        0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0);
    // vLLM's histogram of tokens computed per engine step; unlike the latencies it does not depend
    // on how promptly the machine runs the simulator's timers.
    iterationTokens = histogram("vllm:iteration_tokens_total", "Histogram of number of tokens per engine_step.",
        1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384);
    double[] requestBuckets = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0,
        120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};
    e2e = histogram("vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", requestBuckets);
    queue = histogram("vllm:request_queue_time_seconds", "Histogram of time spent in WAITING phase for request.",
        requestBuckets);
    prefill = histogram("vllm:request_prefill_time_seconds", "Histogram of time spent in PREFILL phase for request.",
        requestBuckets);
    decode = histogram("vllm:request_decode_time_seconds", "Histogram of time spent in DECODE phase for request.",
        requestBuckets);
    GaugeWithCallback.builder().name("vllm:cache_config_info").help("Information of the LLMEngine CacheConfig")
        .labelNames("block_size", "cache_dtype", "enable_prefix_caching", "engine", "num_gpu_blocks")
        .callback(cb -> eachRank((c, rank) -> cb.call(1.0, Integer.toString(config.blockSize()), "auto",
            Boolean.toString(config.prefixCaching()), rank, Integer.toString(config.kvBlocks()))))
        .register(registry);
    GaugeWithCallback.builder().name("vllm:lora_requests_info").help("Running stats on lora requests.")
        .labelNames("max_lora", "running_lora_adapters", "waiting_lora_adapters")
        .callback(cb -> cb.call(System.currentTimeMillis() / 1000.0, Integer.toString(config.maxLoras()),
            runningAdapterNames(), ""))
        .register(registry);
    // Touch the label sets so every series shows from the first scrape, as vLLM's do.
    eachRank((c, rank) -> {
      for (String reason : new String[] {"stop", "length", "abort"}) {
        requestSuccess.labelValues(model, rank, reason);
      }
    });
  }

  /** What rank {@code index}'s engine reports to: its own {@code engine} label on every series. */
  public EngineObserver observer(int index) {
    return new RankObserver(Integer.toString(index));
  }

  /** Runs {@code action} with each rank's counters and {@code engine} label. */
  private void eachRank(BiConsumer<EngineCounters, String> action) {
    for (int i = 0; i < ranks.size(); i++) {
      action.accept(ranks.get(i), Integer.toString(i));
    }
  }

  /** The whole exposition. */
  public String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A request for a model name started; names other than the base model are LoRA adapters. */
  public synchronized void adapterStarted(String name) {
    if (!name.equals(model)) {
      runningAdapters.merge(name, 1, Integer::sum);
    }
  }

  public synchronized void adapterEnded(String name) {
    if (!name.equals(model)) {
      runningAdapters.computeIfPresent(name, (k, v) -> v > 1 ? v - 1 : null);
    }
  }

  private synchronized String runningAdapterNames() {
    return String.join(",", runningAdapters.keySet());
  }

  /** One rank's engine observations, labelled with the rank. */
  private final class RankObserver implements EngineObserver {
    private final String rank;

    RankObserver(String rank) {
      this.rank = rank;
    }

    @Override
    public void admitted(Sequence sequence, double queueSeconds, int queriedTokens, int hitTokens) {
      queue.labelValues(model, rank).observe(queueSeconds);
    }

    @Override
    public void stepped(long tokens) {
      iterationTokens.labelValues(model, rank).observe(tokens);
    }

    @Override
    public void token(Sequence sequence, boolean first, double sinceLastSeconds) {
      (first ? ttft : itl).labelValues(model, rank).observe(sinceLastSeconds);
    }

    @Override
    public void finished(Sequence sequence, FinishReason reason, double e2eSeconds) {
      requestSuccess.labelValues(model, rank, reason.wire()).inc();
      e2e.labelValues(model, rank).observe(e2eSeconds);
    }

    @Override
    public void phases(Sequence sequence, double prefillSeconds, double decodeSeconds) {
      prefill.labelValues(model, rank).observe(prefillSeconds);
      decode.labelValues(model, rank).observe(decodeSeconds);
    }
  }

  private void gauge(String name, String help, ToDoubleFunction<EngineCounters> value) {
    GaugeWithCallback.builder().name(name).help(help).labelNames("model_name", "engine")
        .callback(cb -> eachRank((c, rank) -> cb.call(value.applyAsDouble(c), model, rank)))
        .register(registry);
  }

  private void counter(String name, String help, ToLongFunction<EngineCounters> value) {
    CounterWithCallback.builder().name(name).help(help).labelNames("model_name", "engine")
        .callback(cb -> eachRank((c, rank) -> cb.call(value.applyAsLong(c), model, rank)))
        .register(registry);
  }

  private Histogram histogram(String name, String help, double... buckets) {
    Histogram h = Histogram.builder().name(name).help(help).classicOnly().classicUpperBounds(buckets)
        .labelNames("model_name", "engine").register(registry);
    eachRank((c, rank) -> h.labelValues(model, rank));
    return h;
  }
}
