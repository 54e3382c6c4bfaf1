package dev.baton.server.tune;

import java.time.Duration;

/**
 * How one tune searches.
 *
 * @param objective what it optimises
 * @param budget the wall time of the whole tune, held-out comparison included; trials already
 *     running when it ends finish
 * @param parallel trials run at once (each is a replay with its own simulated fleet)
 * @param seed seeds the Latin-hypercube sample (and is passed to the replays)
 * @param eta the halving factor: each rung keeps the best {@code 1/eta} on a slice {@code eta}
 *     times larger
 * @param rungs how many rungs; the last replays the whole training half
 * @param maxSamples the most samples drawn, however large the budget
 */
public record TuneSettings(Objective objective, Duration budget, int parallel, long seed, int eta,
    int rungs, int maxSamples) {

  public TuneSettings {
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("--budget must be positive, got " + budget);
    }
    if (parallel < 1) {
      throw new IllegalArgumentException("--parallel must be at least 1, got " + parallel);
    }
    if (eta < 2) {
      throw new IllegalArgumentException("--eta must be at least 2, got " + eta);
    }
    if (rungs < 1) {
      throw new IllegalArgumentException("--rungs must be at least 1, got " + rungs);
    }
    if (maxSamples < 1) {
      throw new IllegalArgumentException("--max-samples must be at least 1, got " + maxSamples);
    }
  }

  /** The rungs' slices: leading shares {@code eta^(k - rungs + 1)} of the training half. */
  public java.util.List<TracePart> rungSlices() {
    java.util.List<TracePart> slices = new java.util.ArrayList<>();
    for (int k = 0; k < rungs; k++) {
      slices.add(TracePart.TRAINING.leading(Math.pow(eta, k - rungs + 1)));
    }
    return slices;
  }
}
