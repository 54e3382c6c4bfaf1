package dev.baton.server.tune;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The progress line: one line per finished trial with its figure, the current profile's on the
 * same rung, the elapsed time and the ETA. The ETA extrapolates the time per replayed share of the
 * trace over the work still planned, capped by what is left of the budget.
 */
public final class TuneProgress implements TrialPool.Listener {

  private final PrintWriter out;
  private final Objective objective;
  private final LongSupplier nanoClock;
  private final long budgetNanos;
  private final Map<Integer, Double> currentByRung = new HashMap<>();
  private long startNanos;
  private double plannedWork = Double.NaN; // unknown until the sample is sized
  private double doneWork;
  private int rungs = 1;
  private int trials;

  public TuneProgress(PrintWriter out, Objective objective, LongSupplier nanoClock,
      long budgetNanos) {
    this.out = out;
    this.objective = objective;
    this.nanoClock = nanoClock;
    this.budgetNanos = budgetNanos;
  }

  synchronized void start(long startNanos, int rungCount) {
    this.startNanos = startNanos;
    this.rungs = rungCount;
  }

  synchronized void plan(int samples, double work) {
    this.plannedWork = work;
    out.printf(Locale.ROOT, "[tune] %d samples fit the budget, %d rungs%n", samples, rungs);
    out.flush();
  }

  @Override
  public synchronized void finished(TrialRecord record) {
    trials++;
    doneWork += record.slice().size();
    if (record.candidate() instanceof Candidate.Reference) {
      currentByRung.put(record.rung(), record.value());
    }
    double elapsed = (nanoClock.getAsLong() - startNanos) / 1e9;
    double left = Math.max(0, plannedWork - doneWork) * elapsed / Math.max(doneWork, 1e-9);
    left = Math.min(left, Math.max(0, budgetNanos / 1e9 - elapsed));
    String rung = switch (record.rung()) {
      case TrialRecord.HELD_OUT_RUNG -> "held-out";
      case TrialRecord.WARM_UP_RUNG -> "warm-up (not counted)";
      default -> "rung " + (record.rung() + 1) + "/" + rungs;
    };
    String figure = record.outcome() instanceof TrialOutcome.Failed f ? "failed (" + f.message()
        + ")" : objective.cliName() + " " + format(record.value()) + " " + objective.unit();
    Double current = currentByRung.get(record.rung());
    out.printf(Locale.ROOT, "[tune] trial %d, %s: %s %s | current %s | elapsed %s, ETA %s%n",
        trials, rung, record.candidate().label(), figure,
        current == null ? "-" : format(current), clock(elapsed),
        Double.isNaN(left) ? "?" : clock(left));
    out.flush();
  }

  static String format(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, Math.abs(value) < 10 ? "%.3f" : "%.1f", value);
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
