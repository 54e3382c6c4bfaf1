package dev.baton.bench;

import dev.baton.bench.load.Arrivals;
import dev.baton.bench.workload.Workload;
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
    return start(vertx, options, Workload.create(options.workload(), options.seed()), null);
  }

  /**
   * Starts a run that sends {@code workload}'s prompts, open loop at {@code schedule}'s times (a
   * recorded trace), or as {@code options} say when {@code schedule} is null. Replay's entry point.
   */
  public static BenchRun start(
      Vertx vertx, BenchOptions options, Workload workload, Arrivals schedule) {
    BenchRun run = new BenchRun(vertx, options, workload, schedule);
    run.start();
    return run;
  }
}
