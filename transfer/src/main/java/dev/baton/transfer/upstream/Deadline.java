package dev.baton.transfer.upstream;

import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;

/**
 * A timeout on a worker call (first byte, stream idle): runs its action on the caller's context
 * once its length has passed since it started or was last restarted, unless cancelled first.
 *
 * <p>Started on an event loop, it lives in that loop's {@link DeadlineSweep}, where starting,
 * restarting and cancelling move a few pointers; started anywhere else it is a Vert.x timer.
 */
public sealed interface Deadline permits DeadlineSweep.Node, TimerDeadline {

  /**
   * Starts a deadline of {@code length} (at least a millisecond, counted in whole milliseconds as
   * a Vert.x timer would) that runs {@code onExpiry} when it passes.
   */
  static Deadline start(Vertx vertx, Duration length, Runnable onExpiry) {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    long millis = Math.max(1, length.toMillis());
    if (context.isEventLoopContext() && context.nettyEventLoop().inEventLoop()) {
      return DeadlineSweep.of(context.nettyEventLoop()).start(context, millis * 1_000_000L, onExpiry);
    }
    return new TimerDeadline(vertx, millis, onExpiry);
  }

  /** Counts the length again from now, whether or not it had passed (no effect once cancelled). */
  void restart();

  /** The action will not run; safe to call again, or after it ran. */
  void cancel();
}
