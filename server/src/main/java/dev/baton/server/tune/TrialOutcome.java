package dev.baton.server.tune;

import dev.baton.bench.BenchSummary;

/** How one trial ended. */
public sealed interface TrialOutcome {

  /** The replay ran; {@code value} is the objective's (NaN when the summary cannot give it). */
  record Measured(BenchSummary summary, double value) implements TrialOutcome {}

  /** The replay failed; the candidate ranks last. */
  record Failed(String message) implements TrialOutcome {}
}
