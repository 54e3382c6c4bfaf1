package dev.baton.transfer.upstream;

import io.vertx.core.Vertx;

/**
 * A {@link Deadline} started off any event loop (a test's thread, a worker context): a Vert.x
 * timer, which any thread may set and cancel.
 */
final class TimerDeadline implements Deadline {
  private final Vertx vertx;
  private final long millis;
  private final Runnable onExpiry;
  private long timerId;
  private boolean cancelled;

  TimerDeadline(Vertx vertx, long millis, Runnable onExpiry) {
    this.vertx = vertx;
    this.millis = millis;
    this.onExpiry = onExpiry;
    this.timerId = vertx.setTimer(millis, id -> onExpiry.run());
  }

  @Override
  public synchronized void restart() {
    if (!cancelled) {
      vertx.cancelTimer(timerId);
      timerId = vertx.setTimer(millis, id -> onExpiry.run());
    }
  }

  @Override
  public synchronized void cancel() {
    cancelled = true;
    vertx.cancelTimer(timerId);
  }
}
