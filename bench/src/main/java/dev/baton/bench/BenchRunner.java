package dev.baton.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Runs the load generator in-process. The caller owns {@code vertx}; a run uses a few of its event
 * loops and closes its own HTTP client when done. Never blocks the calling thread.
 */
public final class BenchRunner {

  private BenchRunner() {}

  /** Starts a run and completes with its summary when it has ended. */
  public static Future<BenchSummary> run(Vertx vertx, BenchOptions options) {
    return start(vertx, options).summary();
  }

  /** Starts a run and returns a handle for progress, early stop and the summary. */
  public static BenchRun start(Vertx vertx, BenchOptions options) {
    BenchRun run = new BenchRun(vertx, options);
    run.start();
    return run;
  }
}
