package dev.baton.server.tune;

import java.util.Comparator;

/**
 * One finished trial.
 *
 * @param rung the rung it ran on (0 the smallest slice); {@link #HELD_OUT_RUNG} for the final
 *     comparison on the held-out half
 * @param candidate what ran
 * @param slice the part of the trace replayed
 * @param seconds wall time of the replay
 * @param outcome its summary and objective value, or why it failed
 */
public record TrialRecord(
    int rung, Candidate candidate, TracePart slice, double seconds, TrialOutcome outcome) {

  /** The rung number of held-out trials. */
  public static final int HELD_OUT_RUNG = -1;

  /** The rung number of the uncounted warm-up replay; never part of a result. */
  public static final int WARM_UP_RUNG = -2;

  /** The objective's value, NaN when the trial failed or could not give one. */
  public double value() {
    return outcome instanceof TrialOutcome.Measured m ? m.value() : Double.NaN;
  }

  /** What ranking minimises: failures and missing values last. */
  public double loss(Objective objective) {
    return objective.loss(value());
  }

  /**
   * Best first by {@code objective}, ties (a share such as SLO attainment often ties) broken by
   * the lower TTFT p90; failures last.
   */
  public static Comparator<TrialRecord> byObjective(Objective objective) {
    return Comparator.comparingDouble((TrialRecord r) -> r.loss(objective))
        .thenComparingDouble(TrialRecord::ttftP90);
  }

  /** The replay's TTFT p90 in ms; infinite when the trial failed or served nothing. */
  private double ttftP90() {
    return outcome instanceof TrialOutcome.Measured m && m.summary().ok() > 0
        ? m.summary().ttftMs().p90() : Double.POSITIVE_INFINITY;
  }
}
