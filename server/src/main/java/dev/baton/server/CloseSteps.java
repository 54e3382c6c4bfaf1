package dev.baton.server;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a Baton opened, to close in order: each step runs after the one before has finished, failed
 * or not, so one part that fails to close never keeps the others open. The same steps serve a
 * failed start and {@link BatonServer#close()}.
 */
final class CloseSteps {
  private final List<Supplier<Future<?>>> steps = new ArrayList<>();

  /** Adds an asynchronous step. */
  CloseSteps then(Supplier<Future<?>> step) {
    steps.add(step);
    return this;
  }

  /** Adds a step that closes at once (on the calling thread, which must be allowed to). */
  CloseSteps thenRun(Runnable step) {
    steps.add(() -> {
      step.run();
      return Future.succeededFuture();
    });
    return this;
  }

  /** Runs every step in order; completes when the last has. */
  Future<Void> run() {
    Future<Void> done = Future.succeededFuture();
    for (Supplier<Future<?>> step : steps) {
      done = done.eventually(() -> step.get().mapEmpty());
    }
    return done;
  }
}
