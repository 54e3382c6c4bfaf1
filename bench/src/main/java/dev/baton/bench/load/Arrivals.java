package dev.baton.bench.load;

/**
 * An open-loop schedule: when each request is due, as offsets from the start of the run. The run's
 * dispatcher sends every arrival that is due when it wakes up, so a late timer never lowers the
 * rate. Used from one lane only.
 */
public interface Arrivals {

  /** No further arrival: {@link #peekNanos()} of an exhausted schedule. */
  long NONE = Long.MAX_VALUE;

  /** Offset from the start, in nanoseconds, of the next arrival (not consumed), or {@link #NONE}. */
  long peekNanos();

  /** Consumes the next arrival and returns its offset from the start in nanoseconds. */
  long takeNanos();
}
