package dev.baton.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many requests a run has sent, warmup and measured apart, and whether the {@code --requests}
 * limit allows one more measured request. Thread-safe: every lane asks at once.
 */
final class SendBudget {

  /** What a request about to leave counts as. */
  enum Slot {
    /** Sent during warmup: not measured, not counted against the limit. */
    WARMUP,
    /** Measured, and more may follow. */
    MEASURED,
    /** Measured, and the last one the limit allows: the run stops sending after it. */
    LAST,
    /** The limit is reached: do not send. */
    EXHAUSTED
  }

  private final long limit;
  private final AtomicLong measured = new AtomicLong();
  private final AtomicLong warmup = new AtomicLong();

  /** @param limit measured requests to send; 0 or less for no limit */
  SendBudget(long limit) {
    this.limit = limit;
  }

  /** Takes a slot for one request. */
  Slot take(boolean inMeasurement) {
    if (!inMeasurement) {
      warmup.incrementAndGet();
      return Slot.WARMUP;
    }
    long sent = measured.incrementAndGet();
    if (limit <= 0) {
      return Slot.MEASURED;
    }
    if (sent > limit) {
      measured.decrementAndGet();
      return Slot.EXHAUSTED;
    }
    return sent == limit ? Slot.LAST : Slot.MEASURED;
  }

  long warmupSent() {
    return warmup.get();
  }

  long totalSent() {
    return measured.get() + warmup.get();
  }
}
