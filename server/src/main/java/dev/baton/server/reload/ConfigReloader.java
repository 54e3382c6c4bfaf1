package dev.baton.server.reload;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigException;
import dev.baton.server.metrics.BatonMetrics;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.server.runtime.RuntimeUpdater;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Function;

/**
 * Applies a configuration file to a running Baton. The file is read and validated on a worker thread;
 * the {@link RuntimeUpdater} then builds and swaps in the new runtime, so requests that already
 * started finish on the runtime they started with, and endpoints that stay keep their live state
 * (in-flight counts, health, load, prefix knowledge). A file that does not load leaves the running
 * configuration untouched. Reloads run one at a time, in the order they were asked for.
 */
public final class ConfigReloader {
  private static final System.Logger LOG = System.getLogger(ConfigReloader.class.getName());

  private final Context context;
  private final ConfigSource source;
  private final RuntimeHolder holder;
  private final RuntimeUpdater updater;
  private final BatonMetrics metrics;
  private final Function<BatonConfig, Runnable> prepare;
  private Future<?> last = Future.succeededFuture();

  /**
   * @param holder the running runtime, compared with each new configuration for restart-only keys
   * @param updater builds and swaps in the runtime of each configuration that loads
   * @param prepare runs on a worker thread with each new configuration (it may read files) and
   *     returns what to apply when that configuration is swapped in; it may throw to reject the
   *     configuration. Null: nothing beyond the runtime
   */
  public ConfigReloader(Vertx vertx, ConfigSource source, RuntimeHolder holder,
      RuntimeUpdater updater, BatonMetrics metrics, Function<BatonConfig, Runnable> prepare) {
    this.context = vertx.getOrCreateContext();
    this.source = source;
    this.holder = holder;
    this.updater = updater;
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
          warnRestartOnly(loaded.config());
          return updater.applyConfig(loaded.config(), loaded.extra());
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

  private void warnRestartOnly(BatonConfig config) {
    List<String> restartOnly = RestartOnlySettings.changed(holder.get().config(), config);
    if (!restartOnly.isEmpty()) {
      LOG.log(Level.WARNING, "config reload: {0} changed; these take effect after a restart",
          String.join(", ", restartOnly));
    }
  }
}
