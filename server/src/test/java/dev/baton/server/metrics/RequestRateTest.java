package dev.baton.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestRateTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void averagesWholeSecondsAndForgetsOldOnes() {
    AtomicLong clock = new AtomicLong(100 * SECOND);
    RequestRate rate = new RequestRate(clock::get);
    assertThat(rate.perSecond()).isZero();
    for (int s = 0; s < 6; s++) {
      for (int i = 0; i < 10; i++) {
        rate.tick();
      }
      clock.addAndGet(SECOND);
    }
    assertThat(rate.perSecond()).isEqualTo(10.0);
    // A quiet stretch longer than the ring drains the rate to zero, not to a stale figure.
    clock.addAndGet(20 * SECOND);
    assertThat(rate.perSecond()).isZero();
    rate.tick();
    clock.addAndGet(SECOND);
    assertThat(rate.perSecond()).isEqualTo(1.0 / 6);
  }
}
