package dev.baton.server.metrics;

import java.util.function.LongSupplier;

/**
 * An exact fixed-bucket histogram of nanosecond values with a decaying max, kept as one plain
 * {@code long[]} per recording thread and merged when read. Recording touches only the calling
 * thread's array: no CAS, no shared cache line, so two event loops recording the same latency do
 * not take turns owning a counter (Micrometer's timer spends a LongAdder, an AtomicLongArray bucket
 * and a CAS loop per max slot on every value; issue 18 measured it at a twentieth of an event loop).
 *
 * <p>The cells are {@link ThreadCells}: every read of one is whole and coherent, so counts and sums
 * never go backwards between scrapes. Cells are not read as one snapshot: a scrape
 * racing a record may see its bucket but not yet its sum, an error of the values in flight, which
 * Prometheus tolerates as it does Micrometer's separately read adders. The count is the sum of the
 * bucket cells (overflow included), so {@code _count} always equals the {@code +Inf} bucket.
 *
 * <p>The max is that of the last {@code windows} periods of {@code periodMillis} (Micrometer's
 * {@code TimeWindowMax} with the same expiry and buffer length): each thread keeps one max per
 * period in a ring, tagged with the period's number, and a read keeps the slots still in the window.
 * Periods count from creation, as Micrometer's rotations do; after an idle spell longer than the
 * whole window Micrometer catches up a few rotations per call, so its window may then lag this one.
 */
final class LoopHistogram {
  private final long[] bounds;
  private final LongSupplier wallMillis;
  private final long startMillis;
  private final long periodMillis;
  private final int windows;
  /** Cell layout: buckets (bounds.length + overflow), sum, then per window its max and period. */
  private final int sumCell;
  private final int maxCells;
  private final ThreadCells threads;

  /**
   * @param bounds the buckets' inclusive upper bounds in nanoseconds, ascending
   * @param wallMillis the clock the max's periods are counted on
   */
  LoopHistogram(long[] bounds, LongSupplier wallMillis, long periodMillis, int windows) {
    this.bounds = bounds.clone();
    this.wallMillis = wallMillis;
    this.startMillis = wallMillis.getAsLong();
    this.periodMillis = Math.max(1, periodMillis);
    this.windows = Math.max(1, windows);
    this.sumCell = bounds.length + 1;
    this.maxCells = sumCell + 1;
    this.threads = new ThreadCells(() -> new long[maxCells + 2 * this.windows]);
  }

  /** Records one value; negative values are the caller's to drop. */
  void record(long nanos) {
    long[] cells = threads.mine();
    add(cells, nanos);
    keepMax(cells, nanos, period());
  }

  /** Records the first {@code n} values of {@code nanos}: one thread lookup and one clock read. */
  void recordAll(long[] nanos, int n) {
    if (n <= 0) {
      return;
    }
    long[] cells = threads.mine();
    long max = -1;
    for (int i = 0; i < n; i++) {
      long v = nanos[i];
      if (v >= 0) {
        add(cells, v);
        max = Math.max(max, v);
      }
    }
    if (max >= 0) {
      keepMax(cells, max, period());
    }
  }

  private void add(long[] cells, long nanos) {
    int b = 0;
    while (b < bounds.length && nanos > bounds[b]) {
      b++;
    }
    ThreadCells.add(cells, b, 1);
    ThreadCells.add(cells, sumCell, nanos);
  }

  private void keepMax(long[] cells, long nanos, long period) {
    int slot = maxCells + 2 * (int) (period % windows);
    if (cells[slot + 1] != period) {
      // A new period reuses the slot of the one `windows` periods ago: its max has expired.
      // Release: a read that sees the new period sees its max (it reads the period first).
      ThreadCells.set(cells, slot, nanos);
      ThreadCells.setTag(cells, slot + 1, period);
    } else if (nanos > cells[slot]) {
      ThreadCells.set(cells, slot, nanos);
    }
  }

  /** The period number now, counted from creation; slots start tagged 0 with a max of 0. */
  private long period() {
    return (wallMillis.getAsLong() - startMillis) / periodMillis;
  }

  /** The buckets' upper bounds, nanoseconds. */
  long[] bounds() {
    return bounds.clone();
  }

  /** Every thread's cells added up, read now. */
  Totals totals() {
    long[] buckets = new long[bounds.length + 1];
    long sum = 0;
    long max = 0;
    long now = period();
    for (long[] cells : threads.all()) {
      for (int b = 0; b < buckets.length; b++) {
        buckets[b] += ThreadCells.read(cells, b);
      }
      sum += ThreadCells.read(cells, sumCell);
      for (int w = 0; w < windows; w++) {
        long slotPeriod = ThreadCells.readTag(cells, maxCells + 2 * w + 1);
        long slotMax = ThreadCells.read(cells, maxCells + 2 * w);
        if (slotPeriod <= now && now - slotPeriod < windows) {
          max = Math.max(max, slotMax);
        }
      }
    }
    return new Totals(buckets, sum, max);
  }

  /**
   * A read of the histogram.
   *
   * @param buckets values per bucket (not cumulative), the last one above every bound
   */
  record Totals(long[] buckets, long sumNanos, long maxNanos) {
    long count() {
      long count = 0;
      for (long b : buckets) {
        count += b;
      }
      return count;
    }
  }
}
