package dev.baton.bench.load;

import java.util.SplittableRandom;

/**
 * Open-loop arrival times of a Poisson process: exponentially distributed gaps with mean
 * {@code 1/qps}, from a seeded generator so a run's schedule is reproducible. Times are absolute
 * offsets from the start, so a late timer never slows the rate: the dispatcher sends every arrival
 * that is due when it wakes up.
 */
public final class PoissonArrivals implements Arrivals {

  private final SplittableRandom random;
  private final double meanGapNanos;
  private double nextNanos;

  public PoissonArrivals(double qps, long seed) {
    if (!(qps > 0) || Double.isInfinite(qps)) {
      throw new IllegalArgumentException("qps must be a positive number, got " + qps);
    }
    this.random = new SplittableRandom(seed);
    this.meanGapNanos = 1e9 / qps;
    this.nextNanos = gap();
  }

  @Override
  public long peekNanos() {
    return (long) nextNanos;
  }

  @Override
  public long takeNanos() {
    long at = (long) nextNanos;
    nextNanos += gap();
    return at;
  }

  private double gap() {
    // 1 - nextDouble() lies in (0, 1], so the logarithm is finite.
    return -Math.log(1.0 - random.nextDouble()) * meanGapNanos;
  }
}
