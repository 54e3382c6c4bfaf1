package dev.baton.router.scheduling.picker;

import dev.baton.router.scheduling.plugin.Picker;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import java.util.random.RandomGenerator;

/**
 * Type {@code max-score}: the candidate with the highest weighted score; ties (within 1e-9) are broken
 * uniformly at random, so equal endpoints share load instead of the first in config order taking all.
 * No parameters.
 */
public final class MaxScorePicker implements Picker {
  public static final String TYPE = "max-score";
  private static final double TIE = 1e-9;

  @Override
  public int pick(SchedulingContext ctx, double[] scores) {
    int n = ctx.size();
    int best = 0;
    int ties = 1;
    RandomGenerator random = null;
    for (int i = 1; i < n; i++) {
      if (scores[i] > scores[best] + TIE) {
        best = i;
        ties = 1;
      } else if (scores[i] >= scores[best] - TIE) {
        // Reservoir sampling over the tied candidates: each ends up chosen with equal chance.
        ties++;
        if (random == null) {
          random = ctx.random();
        }
        if (random.nextInt(ties) == 0) {
          best = i;
        }
      }
    }
    return best;
  }
}
