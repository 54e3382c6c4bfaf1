package dev.baton.router.scheduling.plugin;

/** Chooses one candidate from the weighted score sums. A profile has exactly one picker. */
public interface Picker extends Plugin {

  /**
   * Returns the index of the chosen candidate, in [0, {@code ctx.size()}).
   *
   * @param scores the weighted sum per candidate; only the first {@code ctx.size()} entries count
   */
  int pick(SchedulingContext ctx, double[] scores);
}
