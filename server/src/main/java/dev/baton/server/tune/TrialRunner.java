package dev.baton.server.tune;

import dev.baton.bench.BenchSummary;

/**
 * Runs one trial: a slice of the trace replayed through a Baton scheduling with the candidate's
 * profile, against the simulated fleet. Called from the tune's own threads, several at once when
 * {@code --parallel} allows, so implementations must be thread-safe and may block.
 */
@FunctionalInterface
public interface TrialRunner {

  /** The replay's summary, as {@code baton bench} writes it; throws when the replay failed. */
  BenchSummary run(Candidate candidate, TracePart slice) throws Exception;

  /**
   * The wall seconds between the part's first and last arrival as it will be replayed, for sizing
   * the sample to the budget; NaN when unknown (time is then taken as proportional to the share).
   */
  default double traceSeconds(TracePart part) {
    return Double.NaN;
  }
}
