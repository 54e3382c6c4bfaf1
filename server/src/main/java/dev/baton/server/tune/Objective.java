package dev.baton.server.tune;

import dev.baton.bench.BenchSummary;
import java.util.Arrays;
import java.util.Locale;

/** What {@code baton tune} optimises, read from a replay's bench summary. */
public enum Objective {
  /** The 90th percentile of time to first token, in ms; lower is better. */
  TTFT_P90("ms", false),
  /** Output tokens per second over the replay; higher is better. */
  THROUGHPUT("tok/s", true),
  /**
   * The share of successful requests whose first token came within their TTFT objective; higher is
   * better. Needs SLO targets in the trace (the summary's {@code ttft_within_objective}).
   */
  SLO_ATTAINMENT("share", true),
  /**
   * The fleet's cost per million output tokens: its cost per hour (the classes' {@code costPerHour}
   * in FLEET.yaml) times the replay's duration, over the tokens served; lower is better. Every
   * worker counts for the whole replay, busy or idle, so a profile lowers it by serving more of the
   * trace within its time, not by preferring cheap workers.
   */
  COST("$/Mtok", false);

  private final String unit;
  private final boolean higherIsBetter;

  Objective(String unit, boolean higherIsBetter) {
    this.unit = unit;
    this.higherIsBetter = higherIsBetter;
  }

  /**
   * The objective's value for one replay, or NaN when the summary cannot give it (no successful
   * request, no SLO targets, no tokens).
   *
   * @param fleetCostPerHour the simulated fleet's cost per hour, for {@link #COST}
   */
  public double valueOf(BenchSummary summary, double fleetCostPerHour) {
    if (summary.ok() == 0) {
      return Double.NaN;
    }
    return switch (this) {
      case TTFT_P90 -> summary.ttftMs().p90();
      case THROUGHPUT -> summary.outputTokensPerS();
      case SLO_ATTAINMENT -> summary.ttftWithinObjective() == null ? Double.NaN
          : summary.ttftWithinObjective();
      case COST -> summary.outputTokens() == 0 ? Double.NaN
          : fleetCostPerHour * summary.durationS() / 3600 / summary.outputTokens() * 1e6;
    };
  }

  /** A number to minimise: the value, negated when higher is better; NaN ranks last. */
  public double loss(double value) {
    if (Double.isNaN(value)) {
      return Double.POSITIVE_INFINITY;
    }
    return higherIsBetter ? -value : value;
  }

  /**
   * How much better {@code value} is than {@code reference}, as a share of the reference (positive
   * when better in the objective's own direction).
   */
  public double improvement(double value, double reference) {
    if (!Double.isFinite(value) || !Double.isFinite(reference) || reference == 0) {
      return Double.NaN;
    }
    double change = (value - reference) / Math.abs(reference);
    return higherIsBetter ? change : -change;
  }

  public String unit() {
    return unit;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** The name on the command line, e.g. {@code ttft_p90}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a CLI name; dashes and case are tolerated. */
  public static Objective parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(values()).filter(o -> o.cliName().equals(wanted)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown objective '" + name
            + "'; known: " + String.join(", ", Arrays.stream(values()).map(Objective::cliName)
                .toList())));
  }
}
