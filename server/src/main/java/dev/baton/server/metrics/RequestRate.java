package dev.baton.server.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Requests finished per second over the last few whole seconds, for the dashboard (Prometheus users
 * take {@code rate(baton_requests_total[1m])} instead). A ring of one-second slots; a slot is reset
 * when its second comes round again. Lock-free, a {@link LongAdder} per slot so the event loops
 * do not take turns owning one counter on every request; a race at a slot's reset may lose a count,
 * which a display figure tolerates.
 */
final class RequestRate {
  private static final int SLOTS = 8;
  /** Seconds averaged: the slots before the current, still-filling one. */
  private static final int WINDOW = SLOTS - 2;

  private final LongSupplier nanoTime;
  private final long startSecond;
  private final AtomicLongArray seconds = new AtomicLongArray(SLOTS);
  private final LongAdder[] counts = new LongAdder[SLOTS];

  RequestRate(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.startSecond = second();
    for (int i = 0; i < SLOTS; i++) {
      seconds.set(i, Long.MIN_VALUE);
      counts[i] = new LongAdder();
    }
  }

  void tick() {
    tick(nanoTime.getAsLong());
  }

  /** Counts a request finished at {@code nowNanos} on this rate's clock (one its caller read). */
  void tick(long nowNanos) {
    long now = second(nowNanos);
    int slot = (int) Math.floorMod(now, SLOTS);
    long stamp = seconds.get(slot);
    if (stamp != now && seconds.compareAndSet(slot, stamp, now)) {
      counts[slot].reset();
    }
    counts[slot].increment();
  }

  /** Mean requests per second over the last whole seconds (fewer right after start). */
  double perSecond() {
    long now = second();
    long span = Math.min(WINDOW, now - startSecond);
    if (span <= 0) {
      return 0;
    }
    long sum = 0;
    for (long s = now - span; s < now; s++) {
      int slot = (int) Math.floorMod(s, SLOTS);
      if (seconds.get(slot) == s) {
        sum += counts[slot].sum();
      }
    }
    return (double) sum / span;
  }

  private long second() {
    return second(nanoTime.getAsLong());
  }

  private static long second(long nanos) {
    return Math.floorDiv(nanos, 1_000_000_000L);
  }
}
