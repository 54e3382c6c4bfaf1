package dev.baton.server.tokenize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code huggingface} source: each configured {@code tokenizer.json} loaded once, and prompts
 * tokenized on a small worker pool of its own (half the cores), never on an event loop. The pool is
 * bounded twice: its threads, and the prompts waiting for them ({@link #MAX_WAITING}); a prompt
 * that finds the queue full, or its tokenizer still loading or failed to load, gets no ids and is
 * routed by the approximate view, since waiting for a tokenizer would cost more than an
 * approximate pick.
 */
final class LocalTokenizers implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LocalTokenizers.class.getName());
  static final int MAX_WAITING = 256;

  private final WorkerExecutor executor;
  private final AtomicInteger waiting = new AtomicInteger();
  private final Map<String, Future<LocalTokenizer>> loaded = new ConcurrentHashMap<>();

  LocalTokenizers(Vertx vertx) {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    this.executor = vertx.createSharedWorkerExecutor("baton-tokenize", threads);
  }

  /** Starts loading {@code path} unless loaded or loading (configured pools call this early). */
  Future<LocalTokenizer> load(String path) {
    return loaded.computeIfAbsent(path, p -> executor
        .executeBlocking(() -> LocalTokenizer.load(Path.of(p)), false)
        .onFailure(err -> LOG.log(System.Logger.Level.WARNING,
            "tokenizer {0} cannot be loaded, its pools route by the approximate view: {1}", p,
            err.toString())));
  }

  /** The ids of {@code ask} (a vLLM tokenize body) by the tokenizer at {@code path}. */
  Future<int[]> tokenize(String path, ObjectNode ask) {
    Future<LocalTokenizer> tokenizer = load(path);
    if (!tokenizer.succeeded()) {
      return Future.failedFuture(tokenizer.failed() ? tokenizer.cause()
          : new IllegalStateException("tokenizer still loading"));
    }
    if (waiting.incrementAndGet() > MAX_WAITING) {
      waiting.decrementAndGet();
      return Future.failedFuture("too many prompts waiting for the tokenizer");
    }
    return executor.executeBlocking(() -> tokenizer.result().tokenize(ask), false)
        .andThen(ar -> waiting.decrementAndGet());
  }

  /** Completes once every tokenizer asked for has loaded or failed to (a failure is logged). */
  Future<Void> ready() {
    return Future.join(List.copyOf(loaded.values())).<Void>mapEmpty().otherwiseEmpty();
  }

  /** Closes the tokenizers no pool names any more (after a reload). */
  void retain(Set<String> paths) {
    loaded.entrySet().removeIf(e -> {
      if (paths.contains(e.getKey())) {
        return false;
      }
      e.getValue().onSuccess(LocalTokenizer::close);
      return true;
    });
  }

  @Override
  public void close() {
    retain(Set.of());
    executor.close();
  }
}
