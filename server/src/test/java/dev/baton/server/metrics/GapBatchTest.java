package dev.baton.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GapBatchTest {

  @Test
  void recordsEveryGapOnceBatchedOrFlushed() {
    recordsEveryGapOnce(Timer.builder("itl").register(new SimpleMeterRegistry()));
  }

  @Test
  void recordsEveryGapOnceIntoALoopTimerAsABatch() {
    Timer histogram = Timer.builder("itl").serviceLevelObjectives(LatencyBuckets.INTER_TOKEN)
        .register(new LoopMeterRegistry());
    assertThat(histogram).isInstanceOf(LoopTimer.class);
    recordsEveryGapOnce(histogram);
  }

  private static void recordsEveryGapOnce(Timer histogram) {
    GapBatch batch = new GapBatch();
    long sum = 0;
    for (int i = 1; i < GapBatch.SIZE; i++) {
      batch.add(i * 1_000_000L, histogram);
      sum += i * 1_000_000L;
    }
    assertThat(histogram.count()).as("held until the batch is full").isZero();
    batch.add(GapBatch.SIZE * 1_000_000L, histogram);
    sum += GapBatch.SIZE * 1_000_000L;
    assertThat(histogram.count()).isEqualTo(GapBatch.SIZE);
    batch.add(500_000_000L, histogram);
    batch.add(2_000_000L, histogram);
    sum += 502_000_000L;
    batch.flush(histogram);
    batch.flush(histogram); // nothing left: records nothing twice
    assertThat(histogram.count()).isEqualTo(GapBatch.SIZE + 2);
    assertThat(histogram.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(sum);
    assertThat(histogram.max(TimeUnit.MILLISECONDS)).isEqualTo(500);
  }
}
