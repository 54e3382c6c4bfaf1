package dev.baton.server.runtime;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.Scheduler;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.discovery.EndpointSource;
import dev.baton.server.discovery.EndpointSourceTypes;
import dev.baton.server.discovery.SourceContext;
import dev.baton.server.discovery.SourceStatus;
import dev.baton.server.health.LiveState;
import dev.baton.server.metrics.BatonMetrics;
import dev.baton.transfer.handoff.PrefillLookups;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The one place that changes the running router, for a new configuration (a reload) and for a new
 * endpoint list (a pool's {@link EndpointSource}) alike: build a runtime from the configuration and
 * the current list of every pool's source, swap it in atomically, then tidy what hangs off the
 * endpoint set. Endpoints that stay keep their {@link EndpointState} (in-flight counts, health,
 * load, breaker flag); for endpoints that left, {@code retain} drops their scheduler state and
 * breakers, the gauges drop their series, and probes and scrapes stop. Requests in flight finish
 * on the runtime they started with. Updates run one at a time, in order, on one event-loop context.
 */
public final class RuntimeUpdater {
  private static final System.Logger LOG = System.getLogger(RuntimeUpdater.class.getName());

  private final Vertx vertx;
  private final Context context;
  private final RuntimeHolder holder;
  private final Function<SchedulingConfig, Scheduler> schedulers;
  private final Consumer<Set<String>> retain;
  private final BatonMetrics metrics;
  /**
   * Each pool's source and the pool config it was opened for; written on the context, read there
   * and by {@link #sourceStatus}.
   */
  private volatile Map<String, Attached> sources = Map.of();
  /** Sources opened by an update that still waits for them; closed at once by {@link #close}. */
  private final Set<EndpointSource> opening = ConcurrentHashMap.newKeySet();
  private volatile LiveState liveState;
  /** The ranks of SGLang workers that set none, learned from them; null: nothing is learned. */
  private LearnedRanks learnedRanks;
  private Future<?> last = Future.succeededFuture();

  private record Attached(PoolConfig pool, EndpointSource source) {}

  /**
   * @param holder the runtime requests read; holds an empty runtime until {@link #start}
   * @param schedulers builds the scheduler of a configuration
   * @param retain told the ids of the endpoints that remain after every swap (scheduler state,
   *     breakers), so what belonged to endpoints that left is dropped
   * @param metrics its endpoint gauges follow each swap
   */
  public RuntimeUpdater(Vertx vertx, RuntimeHolder holder,
      Function<SchedulingConfig, Scheduler> schedulers, Consumer<Set<String>> retain,
      BatonMetrics metrics) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.holder = holder;
    this.schedulers = schedulers;
    this.retain = retain;
    this.metrics = metrics;
  }

  /**
   * Learns the data-parallel ranks of SGLang workers that configure none from their
   * {@code /server_info} through {@code lookups}, and rebuilds the runtime when one reports ranks.
   * Call before {@link #start}.
   */
  public RuntimeUpdater learnRanks(PrefillLookups lookups) {
    this.learnedRanks = new LearnedRanks(vertx, lookups, () -> rebuild("learned ranks"));
    return this;
  }

  /**
   * Opens every pool's source, waits until each is ready, installs the first runtime and starts
   * probing and scraping its endpoints.
   */
  public Future<BatonRuntime> start(BatonConfig config) {
    return applyConfig(config, () -> { });
  }

  /**
   * Applies a new configuration: sources whose pool settings changed are replaced (and waited for),
   * the others keep publishing. Completes with the new runtime once it serves requests; on failure
   * the running runtime stays.
   *
   * @param atSwap runs right after the swap (what else follows the configuration, such as keys)
   */
  public Future<BatonRuntime> applyConfig(BatonConfig config, Runnable atSwap) {
    return enqueue(() -> attach(config)
        .compose(v -> install(config, PoolSchedulers.of(config, schedulers), atSwap)));
  }

  /** The health probes and metric scrapes of the current endpoints; null before {@link #start}. */
  public LiveState liveState() {
    return liveState;
  }

  /** How the source of pool {@code pool} stands; empty for a pool that is not running. */
  public Optional<SourceStatus> sourceStatus(String pool) {
    return Optional.ofNullable(sources.get(pool)).map(a -> a.source().status());
  }

  /** Closes every source, then stops probing and scraping. */
  public Future<Void> close() {
    // A source that never gets ready would hold the queue: closing it fails the update waiting on it.
    opening.forEach(EndpointSource::close);
    return enqueue(() -> {
      List<Future<Void>> closing = new ArrayList<>();
      sources.values().forEach(a -> closing.add(a.source().close()));
      sources = Map.of();
      if (liveState != null) {
        closing.add(liveState.close());
      }
      return Future.join(closing).<Void>mapEmpty();
    });
  }

  /** A source published a list: rebuild with the running configuration and scheduler. */
  private void published(String pool, EndpointSource source) {
    enqueue(() -> {
      Attached attached = sources.get(pool);
      if (attached == null || attached.source() != source) {
        return Future.succeededFuture(); // replaced or closed meanwhile
      }
      return reinstall();
    }).onFailure(err -> LOG.log(Level.WARNING, "pool {0}: new endpoint list not applied: {1}",
        pool, err.toString()));
  }

  /** Something the lists depend on changed: rebuild with the running configuration and scheduler. */
  private void rebuild(String why) {
    enqueue(() -> sources.isEmpty() ? Future.succeededFuture() : reinstall())
        .onFailure(err -> LOG.log(Level.WARNING, "runtime not rebuilt for {0}: {1}", why,
            err.toString()));
  }

  private Future<BatonRuntime> reinstall() {
    BatonRuntime running = holder.get();
    return install(running.config(), running.scheduler(), () -> { });
  }

  /** Keeps the sources of pools whose source settings did not change, opens the others. */
  private Future<Void> attach(BatonConfig config) {
    Map<String, Attached> next = new HashMap<>();
    List<Attached> opened = new ArrayList<>();
    try {
      for (PoolConfig pool : config.pools()) {
        Attached old = sources.get(pool.name());
        if (old != null && old.pool().endpointSource().equals(pool.endpointSource())
            && old.pool().endpoints().equals(pool.endpoints())) {
          next.put(pool.name(), old);
          continue;
        }
        EndpointSource source = EndpointSourceTypes.open(new SourceContext(vertx, pool),
            pool.endpointSource());
        Attached attached = new Attached(pool, source);
        opened.add(attached);
        next.put(pool.name(), attached);
        source.onChange(list -> published(pool.name(), source));
      }
    } catch (RuntimeException e) {
      opened.forEach(a -> a.source().close());
      return Future.failedFuture(e);
    }
    opened.forEach(a -> opening.add(a.source()));
    List<Future<Void>> ready = opened.stream().map(a -> a.source().whenReady()).toList();
    return Future.all(ready)
        .onComplete(r -> opened.forEach(a -> opening.remove(a.source())))
        .onFailure(err -> opened.forEach(a -> a.source().close()))
        .map(v -> {
          List<Attached> left = sources.values().stream()
              .filter(a -> next.get(a.pool().name()) != a).toList();
          sources = next;
          left.forEach(a -> a.source().close());
          return null;
        });
  }

  private List<EndpointConfig> listOf(PoolConfig pool) {
    Attached attached = sources.get(pool.name());
    List<EndpointConfig> list = attached == null ? List.of() : attached.source().endpoints();
    return learnedRanks == null ? list : learnedRanks.ranked(pool, list);
  }

  private Future<BatonRuntime> install(BatonConfig config, Scheduler scheduler, Runnable atSwap) {
    BatonRuntime previous = holder.get();
    BatonRuntime next = RuntimeBuilder.build(config, scheduler, previous, this::listOf);
    holder.swap(next);
    atSwap.run();
    Set<String> ids = next.endpoints().map(EndpointState::id).collect(Collectors.toSet());
    if (learnedRanks != null) {
      learnedRanks.retainOnly(ids);
    }
    retain.accept(ids);
    metrics.refreshEndpoints();
    Set<String> before = previous.endpoints().map(EndpointState::id).collect(Collectors.toSet());
    LOG.log(Level.INFO, "runtime updated: {0} pools, {1} endpoints ({2} added, {3} removed)",
        next.routes().size(), ids.size(), ids.stream().filter(id -> !before.contains(id)).count(),
        before.stream().filter(id -> !ids.contains(id)).count());
    List<EndpointState> endpoints = next.endpoints().toList();
    if (liveState == null) {
      return LiveState.start(vertx, config.healthChecks(), config.metricsScrape(), endpoints)
          .map(live -> {
            liveState = live;
            return next;
          });
    }
    return liveState.update(config.healthChecks(), config.metricsScrape(), endpoints).map(next);
  }

  /** Runs {@code step} on the updater's context once every update asked for before has ended. */
  private synchronized <T> Future<T> enqueue(Supplier<Future<T>> step) {
    Future<T> next = last.transform(ignored -> {
      Promise<T> done = Promise.promise();
      context.runOnContext(v -> {
        try {
          step.get().onComplete(done);
        } catch (RuntimeException e) {
          done.fail(e);
        }
      });
      return done.future();
    });
    last = next;
    return next;
  }
}
