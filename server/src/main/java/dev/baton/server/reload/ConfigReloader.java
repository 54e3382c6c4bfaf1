package dev.baton.server.reload;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.Scheduler;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigException;
import dev.baton.server.health.LiveState;
import dev.baton.server.metrics.BatonMetrics;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.RuntimeBuilder;
import dev.baton.server.runtime.RuntimeHolder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applies a configuration file to a running Baton. The file is read and validated on a worker thread;
 * the new runtime is then built and swapped in on one event-loop context, so requests that already
 * started finish on the runtime they started with, and endpoints that stay keep their live state
 * (in-flight counts, health, load, prefix knowledge). A file that does not load leaves the running
 * configuration untouched. Reloads run one at a time, in the order they were asked for.
 */
public final class ConfigReloader {
  private static final System.Logger LOG = System.getLogger(ConfigReloader.class.getName());

  private final Context context;
  private final ConfigSource source;
  private final RuntimeHolder holder;
  private final Function<SchedulingConfig, Scheduler> schedulers;
  private final SchedulerState schedulerState;
  private final LiveState liveState;
  private final BatonMetrics metrics;
  private final Function<BatonConfig, Runnable> prepare;
  private Future<?> last = Future.succeededFuture();

  /**
   * @param schedulers builds the scheduler of a new configuration (sharing one {@link
   *     SchedulerState}, so prefix and session knowledge survive)
   * @param schedulerState told which endpoints remain; null when the scheduler keeps no state
   * @param prepare runs on a worker thread with each new configuration (it may read files) and
   *     returns what to apply when that configuration is swapped in; it may throw to reject the
   *     configuration. Null: nothing beyond the runtime
   */
  public ConfigReloader(Vertx vertx, ConfigSource source, RuntimeHolder holder,
      Function<SchedulingConfig, Scheduler> schedulers, SchedulerState schedulerState,
      LiveState liveState, BatonMetrics metrics, Function<BatonConfig, Runnable> prepare) {
    this.context = vertx.getOrCreateContext();
    this.source = source;
    this.holder = holder;
    this.schedulers = schedulers;
    this.schedulerState = schedulerState;
    this.liveState = liveState;
    this.metrics = metrics;
    this.prepare = prepare == null ? config -> () -> { } : prepare;
  }

  /** A configuration read and checked, with its extra step ready to apply. */
  private record Loaded(BatonConfig config, Runnable extra) {}

  public ConfigSource source() {
    return source;
  }

  /**
   * Reloads the file now. Completes with the new runtime once it serves requests, or fails with a
   * {@link ConfigException} naming every problem found (the old configuration keeps running).
   */
  public synchronized Future<BatonRuntime> reload() {
    Future<BatonRuntime> next = last.transform(ignored -> attempt());
    last = next;
    return next;
  }

  private Future<BatonRuntime> attempt() {
    return context.executeBlocking(this::load, false)
        .compose(loaded -> {
          // Back on the reloader's event loop: building is in-memory work, no IO.
          BatonConfig config = loaded.config();
          BatonRuntime runtime = apply(config);
          loaded.extra().run();
          return liveState.update(config.healthChecks(), config.metricsScrape(),
                  runtime.endpoints().toList())
              .map(runtime);
        })
        .onSuccess(runtime -> metrics.configReloaded(true))
        .onFailure(err -> {
          metrics.configReloaded(false);
          LOG.log(Level.WARNING, "config reload from {0} rejected, the running configuration stays:"
              + " {1}", source.file(), err.getMessage());
        });
  }

  private Loaded load() {
    BatonConfig config = source.load();
    try {
      return new Loaded(config, prepare.apply(config));
    } catch (ConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConfigException(source.file() + ": " + e.getMessage(), e);
    }
  }

  private BatonRuntime apply(BatonConfig config) {
    BatonRuntime previous = holder.get();
    List<String> restartOnly = RestartOnlySettings.changed(previous.config(), config);
    if (!restartOnly.isEmpty()) {
      LOG.log(Level.WARNING, "config reload: {0} changed; these take effect after a restart",
          String.join(", ", restartOnly));
    }
    Scheduler scheduler = metrics.timed(schedulers.apply(config.scheduling()));
    BatonRuntime next = RuntimeBuilder.build(config, scheduler, previous);
    holder.swap(next);
    Set<String> ids = next.endpoints().map(EndpointState::id).collect(Collectors.toSet());
    if (schedulerState != null) {
      schedulerState.retainEndpoints(ids);
    }
    metrics.refreshEndpoints();
    Set<String> before = previous.endpoints().map(EndpointState::id).collect(Collectors.toSet());
    LOG.log(Level.INFO, "config reloaded from {0}: {1} pools, {2} endpoints ({3} added, {4} removed)",
        source.file(), next.routes().size(), ids.size(),
        ids.stream().filter(id -> !before.contains(id)).count(),
        before.stream().filter(id -> !ids.contains(id)).count());
    return next;
  }
}
