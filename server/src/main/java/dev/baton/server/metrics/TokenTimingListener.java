package dev.baton.server.metrics;

/**
 * Told by a {@link RequestRecord} when its answer's first token arrived and when the answer ended,
 * for what learns from observed latency (the SLO latency model). Called on the request's event
 * loop, each method at most once.
 */
public interface TokenTimingListener {

  /** The first token (or, for a whole answer, its first byte) arrived {@code ttftNanos} in. */
  void firstToken(long ttftNanos);

  /**
   * The answer ended; {@code tokens} token events were seen, the last {@code firstToLastNanos}
   * after the first (0 when fewer than two).
   */
  void ended(long firstToLastNanos, int tokens);
}
