package dev.baton.bench.load;

/**
 * The arrival times of a recorded trace, replayed open loop: offsets from the trace's first
 * arrival, divided by a speed-up (2 replays an hour of traffic in half an hour, at twice the rate).
 */
public final class TraceArrivals implements Arrivals {

  private final long[] offsetsNanos;
  private int next;

  /**
   * @param arrivalMillis each request's arrival time in ms (any origin), in the order they are sent;
   *     an arrival earlier than the one before it is sent right after it
   * @param speedup how much faster than recorded to replay; must be positive
   */
  public TraceArrivals(double[] arrivalMillis, double speedup) {
    if (!(speedup > 0) || Double.isInfinite(speedup)) {
      throw new IllegalArgumentException("speedup must be a positive number, got " + speedup);
    }
    offsetsNanos = new long[arrivalMillis.length];
    double origin = arrivalMillis.length == 0 ? 0 : arrivalMillis[0];
    long previous = 0;
    for (int i = 0; i < arrivalMillis.length; i++) {
      long at = Math.round((arrivalMillis[i] - origin) * 1e6 / speedup);
      previous = Math.max(previous, at);
      offsetsNanos[i] = previous;
    }
  }

  @Override
  public long peekNanos() {
    return next < offsetsNanos.length ? offsetsNanos[next] : NONE;
  }

  @Override
  public long takeNanos() {
    return offsetsNanos[next++];
  }

  /** Arrivals in the schedule. */
  public int size() {
    return offsetsNanos.length;
  }
}
