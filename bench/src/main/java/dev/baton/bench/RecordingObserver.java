package dev.baton.bench;

import dev.baton.bench.client.ExchangeObserver;
import dev.baton.bench.client.ExchangeResult;
import dev.baton.bench.stats.BenchStats;
import dev.baton.bench.workload.Workload;
import java.util.function.Consumer;

/**
 * Watches one request of a run: records its gaps and result when it is measured, gives the workload
 * the answer (multi-turn workloads build the next prompt from it), hands the result on (the closed
 * loop sends the slot's next request) and finally tells the run the request has ended, whatever
 * failed before.
 */
final class RecordingObserver implements ExchangeObserver {
  private static final System.Logger LOG = System.getLogger(RecordingObserver.class.getName());

  private final BenchStats stats;
  private final Workload workload;
  private final boolean measured;
  private final Consumer<ExchangeResult> next;
  private final Runnable ended;

  RecordingObserver(BenchStats stats, Workload workload, boolean measured,
      Consumer<ExchangeResult> next, Runnable ended) {
    this.stats = stats;
    this.workload = workload;
    this.measured = measured;
    this.next = next;
    this.ended = ended;
  }

  @Override
  public void interTokenGap(long nanos) {
    if (measured) {
      stats.recordInterTokenGap(nanos);
    }
  }

  @Override
  public void finished(ExchangeResult result) {
    try {
      if (measured) {
        stats.record(result);
      }
      workload.answered(result.prompt(), result.answer());
      next.accept(result);
    } catch (RuntimeException e) {
      // A bug here must not leave the run waiting forever for this request.
      LOG.log(System.Logger.Level.ERROR, "bench: recording a finished request failed", e);
    } finally {
      ended.run();
    }
  }
}
