package dev.baton.server.reload;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Watches a configuration file and asks for a reload when its content changes. It polls: every
 * interval a worker thread reads the file through its path and hashes it. Following the path each
 * time sees every way a file gets replaced, including a Kubernetes ConfigMap's swap of the
 * {@code ..data} symlink, which changes neither the watched file's own mtime nor inode; and an
 * editor's write-then-rename. A file that is missing or unreadable for a moment is skipped.
 */
public final class ConfigWatcher {
  private static final System.Logger LOG = System.getLogger(ConfigWatcher.class.getName());

  private final Vertx vertx;
  private final Path file;
  private final Supplier<Future<?>> onChange;
  private final long timerId;
  private byte[] lastHash;
  private boolean busy;
  private volatile boolean closed;

  private ConfigWatcher(Vertx vertx, Path file, Duration interval, Supplier<Future<?>> onChange,
      byte[] initialHash) {
    this.vertx = vertx;
    this.file = file;
    this.onChange = onChange;
    this.lastHash = initialHash;
    this.timerId = vertx.setPeriodic(Math.max(10, interval.toMillis()), id -> tick());
  }

  /**
   * Starts watching; the file's current content is the baseline, so only later edits reload.
   *
   * @param onChange runs the reload; the watcher waits for it before looking again
   */
  public static Future<ConfigWatcher> start(Vertx vertx, Path file, Duration interval,
      Supplier<Future<?>> onChange) {
    return vertx.executeBlocking(() -> hash(file), false)
        .map(initial -> new ConfigWatcher(vertx, file, interval, onChange, initial));
  }

  private void tick() {
    if (busy || closed) {
      return;
    }
    busy = true;
    vertx.executeBlocking(() -> hash(file), false)
        .compose(hash -> {
          if (hash == null || Arrays.equals(hash, lastHash) || closed) {
            return Future.succeededFuture();
          }
          // Remember the new content even if it fails to load: a broken file is reported once,
          // not every second, and the next edit is tried again.
          lastHash = hash;
          LOG.log(System.Logger.Level.INFO, "{0} changed, reloading", file);
          return onChange.get().recover(err -> Future.succeededFuture());
        })
        .onComplete(ar -> busy = false);
  }

  /** The content's SHA-256, or null when the file cannot be read right now. */
  private static byte[] hash(Path file) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot read {0}: {1}", file, e.getMessage());
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public Path file() {
    return file;
  }

  /** Stops watching; a reload already running completes. */
  public void close() {
    closed = true;
    vertx.cancelTimer(timerId);
  }
}
