package dev.baton.server.tune;

import java.util.SplittableRandom;

/**
 * Latin-hypercube samples of the unit cube: each dimension is cut into {@code n} equal strata and
 * every stratum holds exactly one of the {@code n} points, so even a small sample spreads over the
 * whole range of every knob (plain random samples leave gaps and clumps). Within its stratum a
 * point sits at a uniformly random place; the strata are matched across dimensions by an
 * independent random permutation per dimension. Seeded, so a tune can be repeated.
 */
public final class LatinHypercube {

  private LatinHypercube() {}

  /** {@code n} points of {@code dimensions} coordinates in [0, 1). */
  public static double[][] sample(int n, int dimensions, long seed) {
    if (n < 1 || dimensions < 1) {
      throw new IllegalArgumentException("need at least one point and one dimension");
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[][] points = new double[n][dimensions];
    int[] strata = new int[n];
    for (int d = 0; d < dimensions; d++) {
      for (int i = 0; i < n; i++) {
        strata[i] = i;
      }
      for (int i = n - 1; i > 0; i--) { // Fisher-Yates
        int j = random.nextInt(i + 1);
        int swap = strata[i];
        strata[i] = strata[j];
        strata[j] = swap;
      }
      for (int i = 0; i < n; i++) {
        points[i][d] = (strata[i] + random.nextDouble()) / n;
      }
    }
    return points;
  }
}
