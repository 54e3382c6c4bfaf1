package dev.baton.server.tune;

import java.util.Locale;

/**
 * A part of the trace, as shares of its requests in arrival order: {@code [from, to)}. A tune
 * trains on {@code [0, 0.5)} (the rungs take growing leading parts of it) and judges its winner on
 * the held-out {@code [0.5, 1)}.
 *
 * @param from the share of requests before the slice, in [0, 1]
 * @param to the share of requests up to the slice's end, in ({@code from}, 1]
 */
public record TracePart(double from, double to) {

  /** The half a tune learns from. */
  public static final TracePart TRAINING = new TracePart(0, 0.5);
  /** The half it never tunes on, where best and current are compared. */
  public static final TracePart HELD_OUT = new TracePart(0.5, 1);

  public TracePart {
    if (!(from >= 0 && to > from && to <= 1)) {
      throw new IllegalArgumentException("a trace slice needs 0 <= from < to <= 1, got ["
          + from + ", " + to + ")");
    }
  }

  /** The share of the trace it covers. */
  public double size() {
    return to - from;
  }

  /** The leading {@code share} of this slice. */
  public TracePart leading(double share) {
    return new TracePart(from, from + size() * share);
  }

  /** The request indexes {@code [first, end)} of a trace of {@code requests} requests. */
  public int firstIndex(int requests) {
    return (int) Math.round(from * requests);
  }

  public int endIndex(int requests) {
    return (int) Math.round(to * requests);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "[%.3f, %.3f)", from, to);
  }
}
