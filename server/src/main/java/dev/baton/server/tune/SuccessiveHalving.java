package dev.baton.server.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Successive halving (Jamieson and Talwalkar, 2016): every sample runs on the smallest slice, the
 * best {@code 1/eta} go on to a slice {@code eta} times larger, and so on up to the whole training
 * half. Cheap short replays weed out the clearly bad profiles; the long replays that tell close ones
 * apart are spent on the few that are left. The reference runs on every rung, so each rung's
 * figures have a yardstick measured on the same slice.
 *
 * <p>No Java library offers this with a deadline and a pluggable trial, and the rule is a dozen
 * lines, so it is written out here.
 */
public final class SuccessiveHalving {

  /**
   * What the search found.
   *
   * @param trials every trial run, rung by rung
   * @param best the best sample of the highest rung that finished a sample, if any ran
   * @param rungsReached how many rungs ran at least one sample
   */
  public record Result(List<TrialRecord> trials, Optional<Candidate.Sampled> best,
      int rungsReached) {}

  private final TrialPool pool;
  private final Objective objective;
  private final int eta;

  public SuccessiveHalving(TrialPool pool, Objective objective, int eta) {
    if (eta < 2) {
      throw new IllegalArgumentException("eta must be at least 2, got " + eta);
    }
    this.pool = pool;
    this.objective = objective;
    this.eta = eta;
  }

  /**
   * Runs the rungs until the last one or the deadline.
   *
   * @param rungs the slices, smallest first
   * @param referenceDone the reference's trial on the first rung when it already ran (a tune times
   *     it to plan the sample size), else null
   */
  public Result search(Candidate.Reference reference, List<Candidate.Sampled> samples,
      List<TracePart> rungs, long deadlineNanos, TrialRecord referenceDone) {
    List<TrialRecord> trials = new ArrayList<>();
    List<Candidate.Sampled> survivors = List.copyOf(samples);
    Optional<Candidate.Sampled> best = Optional.empty();
    int reached = 0;
    for (int rung = 0; rung < rungs.size() && !survivors.isEmpty(); rung++) {
      List<Candidate> queue = new ArrayList<>();
      if (rung == 0 && referenceDone != null) {
        trials.add(referenceDone);
      } else {
        queue.add(reference);
      }
      queue.addAll(survivors);
      List<TrialRecord> ran = pool.run(rung, rungs.get(rung), queue, deadlineNanos);
      trials.addAll(ran);
      List<TrialRecord> ranked = ran.stream()
          .filter(r -> r.candidate() instanceof Candidate.Sampled)
          .filter(r -> Double.isFinite(r.loss(objective)))
          .sorted(TrialRecord.byObjective(objective)
              .thenComparingInt(r -> ((Candidate.Sampled) r.candidate()).id()))
          .toList();
      if (ranked.isEmpty()) {
        break;
      }
      reached = rung + 1;
      best = Optional.of((Candidate.Sampled) ranked.get(0).candidate());
      int keep = Math.max(1, ranked.size() / eta);
      survivors = ranked.subList(0, Math.min(keep, ranked.size())).stream()
          .map(r -> (Candidate.Sampled) r.candidate()).toList();
    }
    return new Result(trials, best, reached);
  }
}
