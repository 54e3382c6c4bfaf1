package dev.baton.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LivePercentilesTest {
  private static final long MS = 1_000_000L;

  @Test
  void everyValueLandsInABucketWhoseMiddleIsWithinOneAndAHalfPercent() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 100_000; i++) {
      long v = (long) Math.exp(random.nextDouble() * Math.log(1e12));
      double middle = LivePercentiles.middle(LivePercentiles.bucket(v));
      assertThat(middle).as("value %d", v).isCloseTo(v, within(Math.max(0.5, v / 64.0)));
    }
    assertThat(LivePercentiles.bucket(Long.MAX_VALUE)).isEqualTo(LivePercentiles.BUCKETS - 1);
  }

  @Test
  void quantilesOfAUniformMinuteAreWhereTheyShouldBe() {
    LivePercentiles live = new LivePercentiles();
    long now = -7 * LivePercentiles.PERIOD_NANOS; // System.nanoTime may be negative
    for (int v = 1; v <= 1000; v++) {
      live.record(v * MS, now + v * 40 * MS); // 1 ms to 1 s over 40 s
    }
    double[] q = live.quantiles(now + 40_000 * MS, 0.5, 0.9, 0.99);
    assertThat(q[0] / MS).isCloseTo(500, within(8.0));
    assertThat(q[1] / MS).isCloseTo(900, within(15.0));
    assertThat(q[2] / MS).isCloseTo(990, within(16.0));
    assertThat(live.count()).isEqualTo(1000);
  }

  @Test
  void whatIsOlderThanThreePeriodsIsForgottenButStillCounted() {
    LivePercentiles live = new LivePercentiles();
    live.record(100 * MS, 0);
    assertThat(live.quantiles(59_000 * MS, 0.5)[0] / MS).isCloseTo(100, within(2.0));
    assertThat(live.quantiles(60_000 * MS, 0.5)).containsExactly(0.0);
    live.record(300 * MS, 61_000 * MS);
    assertThat(live.quantiles(61_000 * MS, 0.5)[0] / MS).isCloseTo(300, within(5.0));
    // The period reused by the new value was cleared: the old 100 ms is not counted again.
    live.record(200 * MS, 120_500 * MS);
    assertThat(live.quantiles(121_000 * MS, 0.0, 1.0)[0] / MS).isCloseTo(200, within(4.0));
    assertThat(live.count()).isEqualTo(3);
  }

  @Test
  void threadsRecordingAtOnceAreAllCounted() throws Exception {
    LivePercentiles live = new LivePercentiles();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      long value = (t + 1) * 100 * MS;
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 25_000; i++) {
          live.record(value, 1_000 * MS);
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join(60_000);
    }
    assertThat(live.count()).isEqualTo(100_000);
    double[] q = live.quantiles(2_000 * MS, 0.25, 0.26, 1.0);
    assertThat(q[0] / MS).isCloseTo(100, within(2.0));
    assertThat(q[1] / MS).isCloseTo(200, within(4.0));
    assertThat(q[2] / MS).isCloseTo(400, within(7.0));
  }
}
