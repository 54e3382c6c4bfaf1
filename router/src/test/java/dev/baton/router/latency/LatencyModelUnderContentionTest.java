package dev.baton.router.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One hardware class's model observed and asked from four threads at once, as every event loop
 * does: every observation is learned once (its lock), and the fit is as good as one thread's fed
 * the same observations in arrival order. A per-thread hand-over that avoided the lock
 * (observations queued per thread, learned by whoever found the lock free) was tried and measured
 * (docs/benchmarks.md, the sixth stop): more CPU per request at 2 and 4 threads, so not kept.
 */
class LatencyModelUnderContentionTest {
  private static final int THREADS = 4;
  private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void tearDown() {
    threads.shutdownNow();
  }

  @Test
  void theModelFedFromFourThreadsLearnsWhatItLearnsFromOneThread() throws Exception {
    LatencyModel together = new LatencyModel(HardwareClass.DEFAULT, 0);
    LatencyModel alone = new LatencyModel(HardwareClass.DEFAULT, 0);
    double[] prior = LatencyFeatures.ttftPrior(HardwareClass.DEFAULT);
    // A class four times slower than calibrated, with an engine queue the prior does not know.
    double[] truth = new double[prior.length];
    for (int i = 0; i < prior.length; i++) {
      truth[i] = 4 * prior[i];
    }
    truth[4] = 20;
    int perThread = 300;
    double[][][] xs = new double[THREADS][perThread][];
    double[][] ys = new double[THREADS][perThread];
    Random random = new Random(10);
    for (int i = 0; i < perThread; i++) {
      for (int t = 0; t < THREADS; t++) {
        xs[t][i] = new double[] {1, random.nextDouble() * 8, random.nextDouble() * 4,
            random.nextDouble() * 2, random.nextDouble() * 2, random.nextDouble()};
        ys[t][i] = dot(truth, xs[t][i]) * (1 + 0.1 * (random.nextDouble() - 0.5));
        // One thread, the observations in the order they were made.
        alone.observeTtft(xs[t][i], alone.predictTtftMs(xs[t][i]), ys[t][i]);
      }
    }
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(threads.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          double[] x = xs[thread][i];
          together.observeTtft(x, together.predictTtftMs(x), ys[thread][i]);
        }
        return null;
      }));
    }
    for (Future<?> worker : workers) {
      worker.get(2, TimeUnit.MINUTES);
    }

    assertThat(together.ttftSamples()).isEqualTo(alone.ttftSamples()).isEqualTo(THREADS * 300L);
    // At a busy point, as LatencyModelTest's drift check; elsewhere within the +-7% a drifting
    // model wanders by with the last samples' noise (its outlier check allows 15% too).
    double[] busy = {1, 4, 2, 1, 0, 0.5};
    assertThat(together.predictTtftMs(busy))
        .isCloseTo(dot(truth, busy), within(0.05 * dot(truth, busy)));
    double[][] points = {{1, 4, 2, 1, 1, 0.5}, {1, 1, 0, 0.2, 0, 0.1}, {1, 8, 4, 2, 2, 1}};
    for (double[] x : points) {
      assertThat(together.predictTtftMs(x)).isCloseTo(dot(truth, x), within(0.15 * dot(truth, x)));
      assertThat(together.predictTtftMs(x))
          .isCloseTo(alone.predictTtftMs(x), within(0.15 * alone.predictTtftMs(x)));
    }
    // The errors of the last 512 predictions: the +-5% noise alone makes 2.5% (p50) and 4.5% (p90),
    // following it costs the model a little more; predictions made beside other threads' learning
    // (and observations learned in the threads' interleaving) may not cost more than a tenth of that.
    assertThat(together.ttftError(0.5)).isLessThan(0.035);
    assertThat(together.ttftError(0.9)).isLessThan(1.1 * alone.ttftError(0.9));
  }

  private static double dot(double[] a, double[] x) {
    double y = 0;
    for (int i = 0; i < a.length; i++) {
      y += a[i] * x[i];
    }
    return y;
  }
}
