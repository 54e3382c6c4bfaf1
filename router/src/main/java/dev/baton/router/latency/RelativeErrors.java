package dev.baton.router.latency;

import java.util.Arrays;

/**
 * The last few hundred relative prediction errors {@code |predicted - observed| / observed} of one
 * model, for the p50/p90 an operator watches. Adding is O(1) under a lock; quantiles sort a copy
 * and are for metrics scrapes and reports, off the request path.
 */
final class RelativeErrors {
  private final double[] ring;
  private int next;
  private int size;

  RelativeErrors(int capacity) {
    this.ring = new double[capacity];
  }

  synchronized void add(double predicted, double observed) {
    if (!(observed > 0) || !Double.isFinite(predicted)) {
      return;
    }
    ring[next] = Math.abs(predicted - observed) / observed;
    next = (next + 1) % ring.length;
    size = Math.min(size + 1, ring.length);
  }

  /** The {@code q} quantile (0..1) of the errors held, NaN when there are none. */
  double quantile(double q) {
    double[] copy;
    synchronized (this) {
      if (size == 0) {
        return Double.NaN;
      }
      copy = Arrays.copyOf(ring, size);
    }
    Arrays.sort(copy);
    int i = (int) Math.ceil(q * copy.length) - 1;
    return copy[Math.min(Math.max(i, 0), copy.length - 1)];
  }

  synchronized int size() {
    return size;
  }
}
