package dev.baton.bench;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Bounded waits for tests: block the test thread (never an event loop) on a future. */
public final class Await {

  private Await() {}

  public static <T> T result(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete within " + timeout, e);
    }
  }
}
