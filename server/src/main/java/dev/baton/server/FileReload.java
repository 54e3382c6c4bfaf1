package dev.baton.server;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.metrics.BatonMetrics;
import dev.baton.server.reload.ConfigReloader;
import dev.baton.server.reload.ConfigSource;
import dev.baton.server.reload.ConfigWatcher;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.server.runtime.RuntimeUpdater;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A server's hot reload: the {@link ConfigReloader} of the file it was started from, asked by
 * {@code POST /admin/reload}, by {@link #watch} on every change of the file, and by
 * {@link #reload()}. A server started without a file has none, and fails both with a clear message.
 */
final class FileReload {
  private final Vertx vertx;
  /** Null when started without a file. */
  private final ConfigReloader reloader;
  private volatile ConfigWatcher watcher;

  private FileReload(Vertx vertx, ConfigReloader reloader) {
    this.vertx = vertx;
    this.reloader = reloader;
  }

  /**
   * Reloads of {@code source} (none when null) that swap in each configuration's runtime through
   * {@code updater} and apply what {@code prepare} returns for it (see {@link ConfigReloader}).
   */
  static FileReload of(Vertx vertx, ConfigSource source, RuntimeHolder holder,
      RuntimeUpdater updater, BatonMetrics metrics, Function<BatonConfig, Runnable> prepare) {
    return new FileReload(vertx, source == null ? null
        : new ConfigReloader(vertx, source, holder, updater, metrics, prepare));
  }

  /** What the admin API's reload calls; null without a file, so the API answers it has none. */
  Supplier<Future<?>> adminAction() {
    return reloader == null ? null : reloader::reload;
  }

  /** Reloads whenever the file's content changes, checking every {@code interval}. */
  Future<Void> watch(Duration interval) {
    return reloader()
        .compose(r -> ConfigWatcher.start(vertx, r.source().file(), interval, r::reload))
        .onSuccess(w -> watcher = w)
        .mapEmpty();
  }

  /** Reloads the file now. */
  Future<BatonRuntime> reload() {
    return reloader().compose(ConfigReloader::reload);
  }

  /** Stops watching the file. */
  void close() {
    ConfigWatcher w = watcher;
    if (w != null) {
      w.close();
    }
  }

  private Future<ConfigReloader> reloader() {
    return reloader == null
        ? Future.failedFuture(new IllegalStateException("started without a config file"))
        : Future.succeededFuture(reloader);
  }
}
