package dev.baton.server.metrics;

import dev.baton.router.latency.LatencyModels;
import dev.baton.router.prefix.PrefixIndex;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.Scheduler;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.transfer.call.AttemptReport;
import dev.baton.transfer.handoff.HandoffCounters;
import dev.baton.transfer.relay.RelayCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Baton's own metrics, exported in Prometheus text as {@code baton_*}: requests by model, route,
 * outcome and status; TTFT, inter-token, end-to-end, prefill-leg and decode-leg histograms; live
 * per-endpoint gauges; scheduler time; prefill/decode decisions and handoff events; prefix-cache hit
 * ratio as the router estimates it; admission queue depth; config reloads. One instance per process;
 * the request path feeds it through {@link RequestObserver}.
 */
public final class BatonMetrics {
  /** Model tag for names no pool serves, so clients cannot mint series with made-up model names. */
  public static final String UNKNOWN_MODEL = "unknown";

  private final PrometheusMeterRegistry registry;
  private final Supplier<BatonRuntime> runtime;
  private final LongSupplier nanoTime;
  private final EndpointGauges endpoints;
  private final ConcurrentHashMap<String, ModelMeters> models = new ConcurrentHashMap<>();
  /** The meters of {@link #UNKNOWN_MODEL}, once a request needed them. */
  private volatile ModelMeters unknownModel;
  /** An adder, not an atomic: every request adds and subtracts one on its event loop. */
  private final LongAdder active = new LongAdder();
  private final LongAdder finished = new LongAdder();
  private final LongAdder aggregated = new LongAdder();
  private final LongAdder disaggregated = new LongAdder();
  private final LongAdder promptEstimate = new LongAdder();
  private final LongAdder cachedEstimate = new LongAdder();
  private final RequestRate rate;
  /** Dashboard-only TTFT percentiles over the last minute or so; not exported. */
  private final LivePercentiles liveTtft = new LivePercentiles();
  private final Counter reloadsOk;
  private final Counter reloadsFailed;
  private volatile HandoffCounters handoffs;
  private volatile LatencyModels latencyModels;

  private BatonMetrics(Supplier<BatonRuntime> runtime, LongSupplier nanoTime,
      PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.nanoTime = nanoTime;
    this.endpoints = new EndpointGauges(registry, runtime);
    this.rate = new RequestRate(nanoTime);
    Gauge.builder("baton.requests.active", active, LongAdder::sum)
        .description("Requests arrived and not finished yet").register(registry);
    this.reloadsOk = reloads("success");
    this.reloadsFailed = reloads("failure");
    endpoints.refresh();
  }

  /**
   * Metrics over the runtime the supplier returns; pass {@code RuntimeHolder::get} so per-endpoint
   * gauges follow reloads.
   */
  public static BatonMetrics create(Supplier<BatonRuntime> runtime) {
    return new BatonMetrics(runtime, System::nanoTime, new LoopMeterRegistry());
  }

  /** Metrics with a given clock (tests). */
  public static BatonMetrics create(Supplier<BatonRuntime> runtime, LongSupplier nanoTime) {
    return new BatonMetrics(runtime, nanoTime, new LoopMeterRegistry());
  }

  /** Metrics in a given registry (the benchmark's Micrometer-only baseline). */
  static BatonMetrics create(Supplier<BatonRuntime> runtime, LongSupplier nanoTime,
      PrometheusMeterRegistry registry) {
    return new BatonMetrics(runtime, nanoTime, registry);
  }

  private Counter reloads(String outcome) {
    return Counter.builder("baton.config.reloads").description("Configuration reloads by outcome")
        .tag("outcome", outcome).register(registry);
  }

  /** The registry, for binders of other components (JVM, Vert.x) the lead may add. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Prometheus text exposition (format 0.0.4) of every meter, endpoint gauges refreshed first. */
  public String scrape() {
    endpoints.refresh();
    return registry.scrape();
  }

  /** Rebinds per-endpoint gauges now if the runtime changed (scrapes do it too). */
  public void refreshEndpoints() {
    endpoints.refresh();
  }

  /** Exports the two-leg exchange's counters as {@code baton_pd_events_total{event}}. */
  public void bindHandoffCounters(HandoffCounters counters) {
    this.handoffs = counters;
    new HandoffMetrics(counters).bindTo(registry);
  }

  /** Exports the SSE relay's counters as {@code baton_relay_*}. */
  public void bindRelayCounters(RelayCounters counters) {
    new RelayMetrics(counters).bindTo(registry);
  }

  /** Exports the admission queue's depth as {@code baton_admission_queue_depth}. */
  public void bindAdmissionQueue(IntSupplier depth) {
    Gauge.builder("baton.admission.queue.depth", depth, IntSupplier::getAsInt)
        .description("Requests waiting for admission").strongReference(true).register(registry);
  }

  /** Exports access-log lines lost to a writer that fell behind as {@code baton_access_log_dropped_total}. */
  public void bindAccessLogDrops(LongSupplier dropped) {
    FunctionCounter.builder("baton.access.log.dropped", dropped, LongSupplier::getAsLong)
        .description("Access-log lines dropped because the writer could not keep up")
        .register(registry);
  }

  /** {@code baton_trace_dropped_total}: trace lines the sink could not queue or write. */
  public void bindTraceDrops(LongSupplier dropped) {
    FunctionCounter.builder("baton.trace.dropped", dropped, LongSupplier::getAsLong)
        .description("Trace lines dropped because the writer could not keep up or write them")
        .register(registry);
  }

  /**
   * Exports the prefix index's size and capacity in blocks. The supplier may return null (no index
   * configured) and should not create one: the router's {@code SchedulerState} replaces its index when
   * asked with other settings.
   */
  public void bindPrefixIndex(Supplier<PrefixIndex> index) {
    Gauge.builder("baton.prefix.index.blocks", () -> {
          PrefixIndex i = index.get();
          return i == null ? null : i.size();
        })
        .description("Distinct prompt blocks the router's prefix index holds").register(registry);
    Gauge.builder("baton.prefix.index.capacity.blocks", () -> {
          PrefixIndex i = index.get();
          return i == null ? null : i.maxSize();
        })
        .description("Blocks the prefix index holds at most before evicting").register(registry);
  }

  /**
   * Counts one attempt of a leg on an endpoint by how it ended, as
   * {@code baton_endpoint_attempts_total{endpoint,leg,outcome}}: the endpoint that served a request
   * after a failover counts an {@code answered} attempt, the one that failed its own outcome. The
   * series of an endpoint that leaves the configuration are removed with its gauges.
   */
  void attempt(AttemptReport attempt) {
    endpoints.attempts(attempt).increment();
  }

  /**
   * Counts {@code tokens} charged to a tenant's tokens/min budget once its request ended (the
   * workers' usage), as {@code baton_tenant_tokens_total{tenant}}.
   */
  public void tenantTokens(String tenant, long tokens) {
    Counter.builder("baton.tenant.tokens")
        .description("Tokens charged to tenants' tokens/min budgets, settled from the workers' usage")
        .tag("tenant", tenant).register(registry).increment(tokens);
  }

  /** Counts a configuration reload, whatever triggered it. */
  public void configReloaded(boolean succeeded) {
    (succeeded ? reloadsOk : reloadsFailed).increment();
  }

  /**
   * Wraps a scheduler so every decision is timed as {@code baton_scheduler_duration_seconds} with
   * {@code operation} {@code plan} or {@code pick}. Wrapping a wrapped scheduler returns it as is.
   */
  public Scheduler timed(Scheduler scheduler) {
    if (scheduler instanceof TimedScheduler) {
      return scheduler;
    }
    return new TimedScheduler(scheduler, schedulerTimer("plan"), schedulerTimer("pick"));
  }

  private Timer schedulerTimer(String operation) {
    return Timer.builder("baton.scheduler.duration")
        .description("Time the scheduler took per decision").tag("operation", operation)
        .serviceLevelObjectives(LatencyBuckets.SCHEDULER).register(registry);
  }

  /** The router's latency models, for the dashboard's hardware classes (null: none bound). */
  public void bindLatencyModels(LatencyModels models) {
    this.latencyModels = models;
  }

  /** The latency models bound, or null. */
  public LatencyModels latencyModels() {
    return latencyModels;
  }

  /** Figures for the dashboard. */
  public LiveStats liveStats() {
    double[] p = liveTtft.quantiles(nanoTime(), 0.5, 0.9, 0.99);
    long ttfts = liveTtft.count();
    boolean none = ttfts == 0;
    long prompt = promptEstimate.sum();
    HandoffCounters h = handoffs;
    return new LiveStats(
        finished.sum(), (int) active.sum(), rate.perSecond(), aggregated.sum(), disaggregated.sum(),
        h == null ? 0 : h.decodeFallbacks(),
        none ? Double.NaN : p[0] / 1e6,
        none ? Double.NaN : p[1] / 1e6,
        none ? Double.NaN : p[2] / 1e6,
        ttfts,
        prompt == 0 ? Double.NaN : (double) cachedEstimate.sum() / prompt);
  }

  long nanoTime() {
    return nanoTime.getAsLong();
  }

  ModelMeters model(String model) {
    if (model == null) {
      // Every request starts with no model (its body is not parsed yet): no lookup for it.
      ModelMeters meters = unknownModel;
      if (meters == null) {
        meters = models.computeIfAbsent(UNKNOWN_MODEL, m -> new ModelMeters(registry, m));
        unknownModel = meters;
      }
      return meters;
    }
    String tag = model != null && runtime.get().route(model).isPresent() ? model : UNKNOWN_MODEL;
    return models.computeIfAbsent(tag, m -> new ModelMeters(registry, m));
  }

  void started() {
    active.increment();
  }

  void routed(ModelMeters meters, boolean split, RoutingPlan.Reason reason, int promptTokens,
      int uncached) {
    (split ? disaggregated : aggregated).increment();
    meters.decision(reason).increment();
    if (promptTokens > 0) {
      int cached = Math.max(0, promptTokens - Math.max(0, uncached));
      meters.prefixPromptTokens.increment(promptTokens);
      meters.prefixCachedTokens.increment(cached);
      promptEstimate.add(promptTokens);
      cachedEstimate.add(cached);
    }
  }

  /** A first token came {@code nanos} after its request, at {@code nowNanos} on {@link #nanoTime}. */
  void firstToken(long nanos, long nowNanos) {
    liveTtft.record(nanos, nowNanos);
  }

  /** A request ended at {@code nowNanos} on {@link #nanoTime}. */
  void ended(long nowNanos) {
    active.decrement();
    finished.increment();
    rate.tick(nowNanos);
  }
}
