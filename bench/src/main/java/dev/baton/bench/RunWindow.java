package dev.baton.bench;

import java.time.Duration;

/**
 * The times that bound a run: when it started, when measurement begins (after the warmup), when
 * sending must stop (the {@code --duration} deadline) and when it ended. Written by the run's first
 * lane, read from any thread.
 */
final class RunWindow {
  private volatile long startNanos;
  private volatile long measureStartNanos;
  private volatile long deadlineNanos = Long.MAX_VALUE;
  private volatile long endNanos;

  /** Starts the clock now; {@code duration} null means no deadline. */
  void begin(Duration warmup, Duration duration) {
    long now = System.nanoTime();
    measureStartNanos = now + warmup.toNanos();
    if (duration != null) {
      deadlineNanos = measureStartNanos + duration.toNanos();
    }
    startNanos = now;
  }

  void end() {
    endNanos = System.nanoTime();
  }

  long startNanos() {
    return startNanos;
  }

  boolean measuring(long nowNanos) {
    return nowNanos >= measureStartNanos;
  }

  boolean pastDeadline(long nowNanos) {
    return nowNanos >= deadlineNanos;
  }

  /** Nanoseconds after the start at which the deadline falls, or {@link Long#MAX_VALUE}. */
  long deadlineOffsetNanos() {
    return deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - startNanos;
  }

  /** The progress phase: {@code warmup}, {@code measuring}, {@code draining} or {@code done}. */
  String phase(long nowNanos, boolean finished, boolean stopping) {
    if (finished) {
      return "done";
    }
    if (stopping) {
      return "draining";
    }
    return startNanos == 0 || !measuring(nowNanos) ? "warmup" : "measuring";
  }

  /** Seconds since the start, 0 before it. */
  double elapsedSeconds(long nowNanos) {
    long started = startNanos;
    return started == 0 ? 0 : (nowNanos - started) / 1e9;
  }

  /** Seconds measured: from the end of the warmup (or the end, if the run ended in it) to the end. */
  double measuredSeconds() {
    long from = measureStartNanos == 0 ? endNanos : Math.min(measureStartNanos, endNanos);
    return (endNanos - from) / 1e9;
  }
}
