package dev.baton.router.scheduling.picker;

import dev.baton.router.scheduling.plugin.Picker;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Type {@code round-robin}: ignores scores and cycles through the candidates. A baseline for
 * benchmarks, not a production choice. No parameters.
 */
public final class RoundRobinPicker implements Picker {
  public static final String TYPE = "round-robin";

  private final AtomicLong next = new AtomicLong();

  @Override
  public int pick(SchedulingContext ctx, double[] scores) {
    return (int) Math.floorMod(next.getAndIncrement(), (long) ctx.size());
  }
}
