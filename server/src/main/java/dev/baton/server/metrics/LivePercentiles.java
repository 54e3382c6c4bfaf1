package dev.baton.server.metrics;

/**
 * Percentiles of a latency over the last minute or so, for the dashboard: log-linear buckets (32
 * per power of two, so a percentile is within 1.6% of a value seen) counted per recording thread in
 * three 20-second periods, as Micrometer's decaying percentile timer kept them (the last 40 to 60
 * seconds), without its HdrHistogram recorders and shared counters on every first token (0.7% of
 * the event loops' samples, issue 18). The caller passes the time it already read.
 *
 * <p>Each thread writes only its own {@link ThreadCells}, so no count is ever torn. A period's cells are cleared by their thread when it reuses them; a read racing that
 * may count part of an expired period once, which a dashboard figure can bear.
 */
final class LivePercentiles {
  static final long PERIOD_NANOS = 20_000_000_000L;
  static final int PERIODS = 3;
  /** Sub-buckets per power of two: the precision. */
  private static final int SUB_BITS = 5;
  private static final int SUB = 1 << SUB_BITS;
  /** Values from 2^40 ns (18 minutes) up share the last bucket. */
  private static final int MAX_EXPONENT = 40;
  static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) * SUB;

  /** Per thread: [total count, then per period: its number, then its BUCKETS counts]. */
  private final ThreadCells threads = new ThreadCells(LivePercentiles::newCells);

  private static long[] newCells() {
    long[] cells = new long[1 + PERIODS * (1 + BUCKETS)];
    for (int p = 0; p < PERIODS; p++) {
      cells[1 + p * (1 + BUCKETS)] = Long.MIN_VALUE;
    }
    return cells;
  }

  /** Records {@code nanos} (negative ones are dropped) observed at {@code nowNanos}. */
  void record(long nanos, long nowNanos) {
    if (nanos < 0) {
      return;
    }
    long[] cells = threads.mine();
    long period = Math.floorDiv(nowNanos, PERIOD_NANOS);
    int base = 1 + (int) Math.floorMod(period, PERIODS) * (1 + BUCKETS);
    if (cells[base] != period) {
      for (int b = 1; b <= BUCKETS; b++) {
        ThreadCells.set(cells, base + b, 0L);
      }
      ThreadCells.setTag(cells, base, period);
    }
    int b = base + 1 + bucket(nanos);
    ThreadCells.add(cells, b, 1);
    ThreadCells.add(cells, 0, 1);
  }

  /** Values recorded since start. */
  long count() {
    long count = 0;
    for (long[] cells : threads.all()) {
      count += ThreadCells.read(cells, 0);
    }
    return count;
  }

  /**
   * The values at quantiles {@code qs} (0..1) of what the last periods up to {@code nowNanos} saw,
   * nanoseconds; 0 for each when they saw nothing.
   */
  double[] quantiles(long nowNanos, double... qs) {
    long[] counts = new long[BUCKETS];
    long total = 0;
    long now = Math.floorDiv(nowNanos, PERIOD_NANOS);
    for (long[] cells : threads.all()) {
      for (int p = 0; p < PERIODS; p++) {
        int base = 1 + p * (1 + BUCKETS);
        long period = ThreadCells.readTag(cells, base);
        if (period > now || period <= now - PERIODS) {
          continue;
        }
        for (int b = 0; b < BUCKETS; b++) {
          long c = ThreadCells.read(cells, base + 1 + b);
          counts[b] += c;
          total += c;
        }
      }
    }
    double[] values = new double[qs.length];
    for (int i = 0; i < qs.length && total > 0; i++) {
      long rank = Math.max(1, Math.round(Math.min(Math.max(qs[i], 0), 1) * total));
      long seen = 0;
      int b = 0;
      while (b < BUCKETS - 1 && (seen += counts[b]) < rank) {
        b++;
      }
      values[i] = middle(b);
    }
    return values;
  }

  /** Values below 32 ns have a bucket each; above, 32 buckets per power of two. */
  static int bucket(long nanos) {
    if (nanos < SUB) {
      return (int) nanos;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(nanos);
    if (exponent > MAX_EXPONENT) {
      return BUCKETS - 1;
    }
    int sub = (int) (nanos >>> (exponent - SUB_BITS)) & (SUB - 1);
    return (exponent - SUB_BITS + 1) * SUB + sub;
  }

  /** The middle of bucket {@code b}'s values. */
  static double middle(int b) {
    if (b < SUB) {
      return b;
    }
    int exponent = b / SUB + SUB_BITS - 1;
    long width = 1L << (exponent - SUB_BITS);
    long lowest = (long) (SUB + b % SUB) << (exponent - SUB_BITS);
    return lowest + (width - 1) / 2.0;
  }
}
