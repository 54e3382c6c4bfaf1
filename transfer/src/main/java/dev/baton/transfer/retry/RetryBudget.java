package dev.baton.transfer.retry;

import java.time.Duration;

/**
 * Caps retries at {@code ratio} of the requests seen over a sliding window (plus a small floor), the
 * way gRPC and Finagle retry budgets do: when a whole fleet fails, retries stay a bounded extra load
 * instead of multiplying it. The window is ten buckets; the lock is held for a few arithmetic steps.
 */
public final class RetryBudget {
  private static final int BUCKETS = 10;

  private final double ratio;
  private final int floor;
  private final long bucketNanos;
  private final long[] requests = new long[BUCKETS];
  private final long[] retries = new long[BUCKETS];
  private long currentBucket;

  public RetryBudget(double ratio, int floor, Duration window) {
    this.ratio = ratio;
    this.floor = floor;
    this.bucketNanos = Math.max(1, window.toNanos() / BUCKETS);
    this.currentBucket = System.nanoTime() / bucketNanos;
  }

  /** Counts a first attempt. */
  public synchronized void recordRequest() {
    requests[slot()]++;
  }

  /** Spends one retry if the budget allows it. */
  public synchronized boolean tryRetry() {
    int now = slot();
    long req = 0;
    long ret = 0;
    for (int i = 0; i < BUCKETS; i++) {
      req += requests[i];
      ret += retries[i];
    }
    if (ret + 1 > floor + ratio * req) {
      return false;
    }
    retries[now]++;
    return true;
  }

  /** Retries spent in the current window. */
  public synchronized long retriesInWindow() {
    slot();
    long ret = 0;
    for (long r : retries) {
      ret += r;
    }
    return ret;
  }

  /** Advances the window, clearing buckets that fell out of it; returns the current bucket. */
  private int slot() {
    long bucket = System.nanoTime() / bucketNanos;
    long steps = Math.min(BUCKETS, bucket - currentBucket);
    for (long i = 1; i <= steps; i++) {
      int s = (int) Math.floorMod(currentBucket + i, BUCKETS);
      requests[s] = 0;
      retries[s] = 0;
    }
    currentBucket = Math.max(currentBucket, bucket);
    return (int) Math.floorMod(currentBucket, BUCKETS);
  }
}
