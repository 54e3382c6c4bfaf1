package dev.baton.router.scheduling.plugin;

/**
 * Rates every candidate in [0, 1], higher is better. The profile multiplies each scorer's output by
 * the scorer's weight and sums them per candidate; the picker then chooses from the sums.
 */
public interface Scorer extends Plugin {

  /**
   * Writes a score for each candidate {@code ctx.candidate(i)} into {@code scores[i]}, for i below
   * {@code ctx.size()}. Values outside [0, 1] are clamped. Must not allocate per call: it runs on
   * every decision.
   */
  void score(SchedulingContext ctx, double[] scores);

  /**
   * Told which candidate was chosen, so a stateful scorer can learn from it (the prefix index records
   * the prompt there, session affinity binds the session). Runs once per decision, on the same
   * thread and context as {@link #score}.
   */
  default void picked(SchedulingContext ctx, int candidate) {}
}
