package dev.baton.server.tune;

import dev.baton.router.scheduling.config.SchedulingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One tune from start to end: warms the JIT up with an uncounted replay, times the current profile
 * on the first rung, sizes the sample to the
 * budget from that, draws a Latin-hypercube sample, runs successive halving on the training half,
 * then replays the winner and the current profile on the held-out half.
 *
 * <p>Sizing: a trial's time is modelled from the timed one ({@link TrialCost}: a fixed cost plus
 * the part's arrival span); rung {@code k} runs about {@code n / eta^k} samples, so {@code n} is
 * what fits on {@code parallel} threads after the time kept back for the current profile's later
 * rungs and the held-out pair. A budget too small even for {@code eta} samples on
 * the first rung is overrun by that much: the tune always compares something.
 */
public final class TuneSearch {

  private final TuneSettings settings;
  private final SearchSpace space;
  private final TrialRunner runner;
  private final double fleetCostPerHour;
  private final LongSupplier nanoClock;
  private final TuneProgress progress;

  public TuneSearch(TuneSettings settings, SearchSpace space, TrialRunner runner,
      double fleetCostPerHour, LongSupplier nanoClock, TuneProgress progress) {
    this.settings = settings;
    this.space = space;
    this.runner = runner;
    this.fleetCostPerHour = fleetCostPerHour;
    this.nanoClock = nanoClock;
    this.progress = progress;
  }

  public TuneResult run(SchedulingConfig current) {
    long start = nanoClock.getAsLong();
    long end = start + settings.budget().toNanos();
    Candidate.Reference reference = new Candidate.Reference(current);
    List<TracePart> rungs = settings.rungSlices();
    try (TrialPool pool = new TrialPool(settings.parallel(), runner, settings.objective(),
        fleetCostPerHour, nanoClock, progress)) {
      progress.start(start, rungs.size());
      // The process's first replay runs on a cold JIT and would handicap whichever profile went
      // first: one replay of the current profile warms it up and is not counted.
      pool.run(TrialRecord.WARM_UP_RUNG, rungs.get(0), List.of(reference), Long.MAX_VALUE);
      TrialRecord first = pool.run(0, rungs.get(0), List.of(reference), Long.MAX_VALUE).get(0);
      TrialCost cost = TrialCost.fit(first, runner);
      double heldOut = cost.seconds(TracePart.HELD_OUT) * (settings.parallel() >= 2 ? 1 : 2);
      // A budget too small for anything still gets eta samples on the first rung: a tune that
      // compares nothing is of no use, so it overruns by that much instead.
      long searchDeadline = Math.max(end - (long) (heldOut * 1e9), nanoClock.getAsLong()
          + (long) (cost.seconds(rungs.get(0)) * (settings.eta() - 1) / settings.parallel() * 1e9)
          + 1);
      int n = sampleSize(cost, rungs, (searchDeadline - nanoClock.getAsLong()) / 1e9);
      List<Candidate.Sampled> samples = sample(n);
      progress.plan(n, plannedWork(n, rungs));

      SuccessiveHalving halving = new SuccessiveHalving(pool, settings.objective(), settings.eta());
      SuccessiveHalving.Result search =
          halving.search(reference, samples, rungs, searchDeadline, first);
      List<TrialRecord> trials = new ArrayList<>(search.trials());
      List<Candidate> finalists = new ArrayList<>();
      search.best().ifPresent(finalists::add);
      finalists.add(reference);
      List<TrialRecord> held = pool.run(TrialRecord.HELD_OUT_RUNG, TracePart.HELD_OUT, finalists,
          Long.MAX_VALUE);
      trials.addAll(held);
      Optional<TrialRecord> heldBest = held.stream()
          .filter(r -> r.candidate() instanceof Candidate.Sampled).findFirst();
      TrialRecord heldCurrent = held.get(held.size() - 1);
      return new TuneResult(settings, space, n, search.rungsReached(), trials, search.best(),
          heldBest, heldCurrent, (nanoClock.getAsLong() - start) / 1e9);
    }
  }

  /**
   * The samples that fit in the seconds left, between eta and {@code maxSamples}: rung {@code k}
   * runs about {@code n / eta^k} samples, and the current profile once more on every later rung.
   */
  private int sampleSize(TrialCost cost, List<TracePart> rungs, double secondsLeft) {
    double referenceLater = 0;
    double perSample = 0;
    for (int k = 0; k < rungs.size(); k++) {
      perSample += cost.seconds(rungs.get(k)) / Math.pow(settings.eta(), k);
      referenceLater += k == 0 ? 0 : cost.seconds(rungs.get(k));
    }
    double fits = (secondsLeft * settings.parallel() - referenceLater) / perSample;
    return (int) Math.max(settings.eta(), Math.min(settings.maxSamples(), Math.floor(fits)));
  }

  private List<Candidate.Sampled> sample(int n) {
    double[][] unit = LatinHypercube.sample(n, space.dimensions(), settings.seed());
    List<Candidate.Sampled> samples = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ProfilePoint point = space.pointAt(unit[i]);
      samples.add(new Candidate.Sampled(i + 1, point, TunedProfiles.scheduling(point)));
    }
    return samples;
  }

  /** Trace shares the whole tune will replay if nothing is cut short, for the ETA. */
  private double plannedWork(int n, List<TracePart> rungs) {
    double work = 0;
    int alive = n;
    for (TracePart rung : rungs) {
      work += (alive + 1) * rung.size();
      alive = Math.max(1, alive / settings.eta());
    }
    return work + rungs.get(0).size() + 2 * TracePart.HELD_OUT.size(); // warm-up, held-out pair
  }
}
