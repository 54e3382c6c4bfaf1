package dev.baton.router.scheduling.picker;

import dev.baton.router.scheduling.plugin.Picker;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import java.util.random.RandomGenerator;

/**
 * Type {@code power-of-two}: two distinct candidates drawn at random, the higher score wins (the
 * first drawn on a tie). Nearly as balanced as max-score but robust to every router instance seeing
 * the same stale scores and herding to one endpoint. No parameters.
 */
public final class PowerOfTwoPicker implements Picker {
  public static final String TYPE = "power-of-two";

  @Override
  public int pick(SchedulingContext ctx, double[] scores) {
    int n = ctx.size();
    RandomGenerator random = ctx.random();
    int a = random.nextInt(n);
    int b = random.nextInt(n - 1);
    if (b >= a) {
      b++;
    }
    return scores[b] > scores[a] ? b : a;
  }
}
