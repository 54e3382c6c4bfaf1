package dev.baton.server.kvevents;

import dev.baton.router.prefix.TokenBlockIndex;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.server.tokenize.PromptTokens;
import dev.baton.server.tokenize.TokenizeCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Exports the KV-event subscriptions, the token-block index and the engine tokenizer:
 * {@code baton_kv_events_*_total}, {@code baton_kv_events_lag_seconds}, {@code
 * baton_kv_index_blocks}, {@code baton_tokenize_*}, and {@code baton_prefix_view{pool, view}} (1 on
 * the view that decides the pool's prefix matches now: {@code precise} while some endpoint's events
 * flow, else {@code approximate}).
 */
public final class KvEventMetrics {
  private final MultiGauge views;

  private KvEventMetrics(MultiGauge views) {
    this.views = views;
  }

  public static KvEventMetrics bind(MeterRegistry registry, KvEventCounters c,
      TokenBlockIndex index, PromptTokens tokens) {
    counter(registry, "baton.kv.events.batches", "KV-event batches applied", c.batches);
    counter(registry, "baton.kv.events.received", "KV events applied", c.events);
    counter(registry, "baton.kv.events.decode.errors", "KV-event payloads not understood",
        c.decodeErrors);
    counter(registry, "baton.kv.events.replays", "KV-event replays answered", c.replays);
    counter(registry, "baton.kv.events.replay.timeouts", "KV-event replays unanswered",
        c.replayTimeouts);
    counter(registry, "baton.kv.events.gaps", "KV-event sequence gaps and engine restarts",
        c.gaps);
    Gauge.builder("baton.kv.events.lag.seconds", c.lagMillis, v -> v.get() / 1000.0)
        .description("Last batch: engine timestamp to applied").register(registry);
    Gauge.builder("baton.kv.index.blocks", index, TokenBlockIndex::size)
        .description("Token blocks the precise index knows a holder of").register(registry);
    FunctionCounter.builder("baton.kv.index.refused", index, TokenBlockIndex::refused)
        .description("Blocks not indexed because the index was full").register(registry);
    tokenize(registry, "engine", tokens.engineCounters);
    tokenize(registry, "huggingface", tokens.huggingfaceCounters);
    counter(registry, "baton.tokenize.cache.hits", "Prompts tokenized from the cache",
        tokens.cacheHits);
    return new KvEventMetrics(MultiGauge.builder("baton.prefix.view")
        .description("1 on the prefix view deciding each pool's matches").register(registry));
  }

  /** Re-lists the pools (after each runtime swap). */
  public void pools(Supplier<BatonRuntime> runtime, KvEventSubscriptions subscriptions) {
    var rows = runtime.get().routes().stream()
        .flatMap(route -> java.util.stream.Stream.of(
            row(route, "precise", true, runtime, subscriptions),
            row(route, "approximate", false, runtime, subscriptions)))
        .toList();
    views.register(rows, true);
  }

  private static MultiGauge.Row<?> row(PoolRoute route, String view, boolean precise,
      Supplier<BatonRuntime> runtime, KvEventSubscriptions subscriptions) {
    String name = route.pool().name();
    return MultiGauge.Row.of(Tags.of("pool", name, "view", view), () -> runtime.get()
        .routes().stream().filter(r -> r.pool().name().equals(name)).findFirst()
        .map(r -> subscriptions.preciseFor(r) == precise ? 1 : 0).orElse(0));
  }

  /** Per tokenizer source: calls past the cache, their time (queueing included), failures. */
  private static void tokenize(MeterRegistry registry, String source, TokenizeCounters c) {
    Tags tags = Tags.of("source", source);
    FunctionCounter.builder("baton.tokenize.calls", c.calls(), AtomicLong::get).tags(tags)
        .description("Prompts tokenized past the cache").register(registry);
    FunctionCounter.builder("baton.tokenize.failures", c.failures(), AtomicLong::get).tags(tags)
        .description("Prompts that got no token ids (routed by the approximate view)")
        .register(registry);
    FunctionCounter.builder("baton.tokenize.seconds", c.nanos(), v -> v.get() / 1e9).tags(tags)
        .description("Time spent tokenizing past the cache").register(registry);
  }

  private static void counter(MeterRegistry registry, String name, String help, AtomicLong v) {
    FunctionCounter.builder(name, v, AtomicLong::get).description(help).register(registry);
  }
}
