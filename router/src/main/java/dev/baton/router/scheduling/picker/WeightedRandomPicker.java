package dev.baton.router.scheduling.picker;

import dev.baton.router.scheduling.plugin.Picker;
import dev.baton.router.scheduling.plugin.SchedulingContext;

/**
 * Type {@code weighted-random}: a candidate chosen with probability proportional to its weighted
 * score (uniformly when every score is 0). Spreads load more than max-score at the cost of sometimes
 * ignoring a clear winner. No parameters.
 */
public final class WeightedRandomPicker implements Picker {
  public static final String TYPE = "weighted-random";

  @Override
  public int pick(SchedulingContext ctx, double[] scores) {
    int n = ctx.size();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.max(0, scores[i]);
    }
    if (!(sum > 0)) {
      return ctx.random().nextInt(n);
    }
    double target = ctx.random().nextDouble() * sum;
    for (int i = 0; i < n; i++) {
      target -= Math.max(0, scores[i]);
      if (target < 0) {
        return i;
      }
    }
    // Rounding left a sliver: the last candidate with a positive score takes it.
    for (int i = n - 1; i > 0; i--) {
      if (scores[i] > 0) {
        return i;
      }
    }
    return 0;
  }
}
