package dev.baton.server.metrics;

import io.micrometer.core.instrument.Timer;

/**
 * When one request's tokens reached Baton: the first, the last, how many, and the gaps between
 * them, batched into an inter-token histogram ({@link GapBatch}). {@link RequestRecord} says what
 * follows from a first token (TTFT, spans, listeners); this keeps the counting.
 *
 * <p>Not thread-safe, like the record that holds it.
 */
final class TokenTimes {
  private final GapBatch gaps = new GapBatch();
  private long firstNanos = -1;
  private long lastNanos;
  private int count;

  /**
   * Marks the first token at {@code nowNanos} without counting one (a whole JSON answer's); false
   * when a first token was seen already.
   */
  boolean first(long nowNanos) {
    if (firstNanos >= 0) {
      return false;
    }
    firstNanos = nowNanos;
    lastNanos = nowNanos;
    return true;
  }

  /**
   * Counts {@code tokens} (> 0) that arrived at {@code nowNanos}; true when they hold the first
   * token. A later arrival adds its gap since the last one to {@code itl} (null: not recorded).
   */
  boolean add(int tokens, long nowNanos, Timer itl) {
    count += tokens;
    if (first(nowNanos)) {
      return true;
    }
    if (itl != null) {
      gaps.add(nowNanos - lastNanos, itl);
    }
    lastNanos = nowNanos;
    return false;
  }

  /** Records the gaps still batched. */
  void flush(Timer itl) {
    gaps.flush(itl);
  }

  /** When the first token arrived, or -1 before it. */
  long firstNanos() {
    return firstNanos;
  }

  /** Tokens counted. */
  int count() {
    return count;
  }

  /** From the first token to the last, 0 with fewer than two tokens. */
  long decodeNanos() {
    return count >= 2 ? lastNanos - firstNanos : 0;
  }
}
