package dev.baton.server.tune;

import java.util.List;
import java.util.Optional;

/**
 * A finished tune.
 *
 * @param settings how it searched
 * @param space the knobs searched
 * @param samples how many points were drawn
 * @param rungsReached rungs that finished at least one sample
 * @param trials every trial: the rungs', then the held-out pair
 * @param best the winning sample, if any trial succeeded
 * @param heldOutBest the winner's trial on the held-out half, if there is a winner
 * @param heldOutCurrent the current profile's trial on the held-out half
 * @param seconds the tune's wall time
 */
public record TuneResult(TuneSettings settings, SearchSpace space, int samples, int rungsReached,
    List<TrialRecord> trials, Optional<Candidate.Sampled> best,
    Optional<TrialRecord> heldOutBest, TrialRecord heldOutCurrent, double seconds) {

  public TuneResult {
    trials = List.copyOf(trials);
  }

  /**
   * Whether the winner is worth pasting: it beat the current profile on the last rung it ran (the
   * same slice of the training half) and again on the held-out half.
   */
  public boolean recommended() {
    if (best.isEmpty() || !(heldOutImprovement() > 0)) {
      return false;
    }
    Objective objective = settings.objective();
    int last = rungsReached - 1;
    Optional<TrialRecord> winner = onRung(last, best.get());
    Optional<TrialRecord> current = trials.stream()
        .filter(r -> r.rung() == last && r.candidate() instanceof Candidate.Reference).findFirst();
    return winner.isPresent() && (current.isEmpty()
        || winner.get().loss(objective) < current.get().loss(objective));
  }

  /** The candidate's trial on a rung, if it ran there. */
  public Optional<TrialRecord> onRung(int rung, Candidate candidate) {
    return trials.stream().filter(r -> r.rung() == rung && r.candidate().equals(candidate))
        .findFirst();
  }

  /**
   * How much the winner beats the current profile on the held-out half, as a share of the
   * current's value (positive: better); NaN without a winner or a value.
   */
  public double heldOutImprovement() {
    return heldOutBest.map(b -> settings.objective().improvement(b.value(), heldOutCurrent.value()))
        .orElse(Double.NaN);
  }
}
