package dev.baton.server.limits;

/**
 * A bucket refilled continuously at {@code perMinute / 60 s} up to {@code perMinute}. Charges may
 * drive it into debt (a large request is let through when the bucket has one unit left), and the
 * debt is repaid before anything else passes: no request is refused forever for being large.
 */
final class TokenBucket {
  private static final long MINUTE_NANOS = 60_000_000_000L;

  private final double capacity;
  private final double perNano;
  private double level;
  private long lastNanos;

  TokenBucket(long perMinute, long nowNanos) {
    this.capacity = perMinute;
    this.perNano = perMinute / (double) MINUTE_NANOS;
    this.level = perMinute;
    this.lastNanos = nowNanos;
  }

  /** Nanoseconds until a charge may pass (at least one whole unit left); 0 when it may pass now. */
  long waitNanos(long nowNanos) {
    refill(nowNanos);
    return level >= 1 ? 0 : (long) Math.ceil((1 - level) / perNano);
  }

  /** Takes {@code amount}; a negative amount gives tokens back, never above the capacity. */
  void charge(double amount, long nowNanos) {
    refill(nowNanos);
    level = Math.min(capacity, level - amount);
  }

  /** The units left now (negative: debt); for tests and views. */
  double level(long nowNanos) {
    refill(nowNanos);
    return level;
  }

  /** True when the bucket is full: its tenant is idle and the bucket can be forgotten. */
  boolean full(long nowNanos) {
    refill(nowNanos);
    return level >= capacity;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      level = Math.min(capacity, level + elapsed * perNano);
      lastNanos = nowNanos;
    }
  }
}
