package dev.baton.server.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * Runs trials on a fixed number of threads ({@code --parallel}), in the order given, and times
 * them. A trial not yet started when the deadline passes is skipped, so the budget bounds the
 * search's wall time up to the trials already running. A replay that throws becomes a {@link
 * TrialOutcome.Failed} record, never an aborted tune.
 */
public final class TrialPool implements AutoCloseable {

  /** Told of every finished trial, from the thread that ran it. */
  public interface Listener {
    void finished(TrialRecord record);
  }

  private final ExecutorService executor;
  private final TrialRunner runner;
  private final Objective objective;
  private final double fleetCostPerHour;
  private final LongSupplier nanoClock;
  private final Listener listener;

  /**
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; a test's own)
   */
  public TrialPool(int parallel, TrialRunner runner, Objective objective, double fleetCostPerHour,
      LongSupplier nanoClock, Listener listener) {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
    }
    this.executor = Executors.newFixedThreadPool(parallel, r -> {
      Thread thread = new Thread(r, "baton-tune-trial");
      thread.setDaemon(true);
      return thread;
    });
    this.runner = runner;
    this.objective = objective;
    this.fleetCostPerHour = fleetCostPerHour;
    this.nanoClock = nanoClock;
    this.listener = listener;
  }

  /**
   * Runs every candidate on the slice and returns the records of those that ran, in the order
   * given; those not started before {@code deadlineNanos} (by the pool's clock) are left out.
   */
  public List<TrialRecord> run(int rung, TracePart slice, List<? extends Candidate> candidates,
      long deadlineNanos) {
    List<Future<TrialRecord>> futures = new ArrayList<>();
    for (Candidate candidate : candidates) {
      futures.add(executor.submit(() -> nanoClock.getAsLong() - deadlineNanos >= 0 ? null
          : trial(rung, slice, candidate)));
    }
    List<TrialRecord> records = new ArrayList<>();
    for (Future<TrialRecord> future : futures) {
      try {
        TrialRecord record = future.get();
        if (record != null) {
          records.add(record);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while trials ran", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a trial's bookkeeping failed", e.getCause());
      }
    }
    return records;
  }

  private TrialRecord trial(int rung, TracePart slice, Candidate candidate) {
    long start = nanoClock.getAsLong();
    TrialOutcome outcome;
    try {
      var summary = runner.run(candidate, slice);
      outcome = new TrialOutcome.Measured(summary, objective.valueOf(summary, fleetCostPerHour));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = new TrialOutcome.Failed("interrupted");
    } catch (Exception e) {
      outcome = new TrialOutcome.Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    double seconds = (nanoClock.getAsLong() - start) / 1e9;
    TrialRecord record = new TrialRecord(rung, candidate, slice, seconds, outcome);
    listener.finished(record);
    return record;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
