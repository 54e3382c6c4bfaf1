package dev.baton.server.metrics;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The inter-token gaps of one request, recorded into the inter-token histogram in batches of
 * {@link #SIZE} and at the request's end. A {@link LoopTimer} takes a batch with one lookup of the
 * loop's cells and one clock read for its max instead of one per token; with a shared Micrometer
 * timer, recording in a row let one core keep the shared counters for the whole batch (a twelfth
 * of an event loop's samples under wrk when recorded one per token, issue 18). The histogram ends
 * up the same; it learns a long stream's gaps up to a batch later. Not thread-safe: one request's
 * event loop uses it.
 */
final class GapBatch {
  static final int SIZE = 32;

  private long[] gaps;
  private int count;

  /** Queues a gap of {@code nanos}; records the batch into {@code histogram} once it is full. */
  void add(long nanos, Timer histogram) {
    if (gaps == null) {
      gaps = new long[SIZE];
    }
    gaps[count++] = nanos;
    if (count == SIZE) {
      flush(histogram);
    }
  }

  /** Records the queued gaps into {@code histogram}. */
  void flush(Timer histogram) {
    if (histogram instanceof LoopTimer loop) {
      loop.recordAll(gaps, count);
      count = 0;
      return;
    }
    for (int i = 0; i < count; i++) {
      histogram.record(gaps[i], TimeUnit.NANOSECONDS);
    }
    count = 0;
  }
}
