package dev.baton.server.admission;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import java.util.Comparator;

/**
 * A request queued by the {@link AdmissionController}; all fields but {@code timer} and {@code done}
 * are fixed, and those two are the controller's (under its lock, or before anyone else sees them).
 */
final class Waiter {
  /** Earliest TTFT deadline first; arrival order among equal deadlines (and requests without). */
  static final Comparator<Waiter> ORDER =
      Comparator.<Waiter>comparingLong(w -> w.deadlineNanos).thenComparingLong(w -> w.arrival);

  final String pool;
  final String tenant;
  final int priority;
  final Context context;
  final long deadlineNanos;
  final long arrival;
  final Promise<Permit> promise = Promise.promise();
  long timer = -1;
  boolean done;

  Waiter(String pool, String tenant, int priority, Context context, long deadlineNanos,
      long arrival) {
    this.pool = pool;
    this.tenant = tenant;
    this.priority = priority;
    this.context = context;
    this.deadlineNanos = deadlineNanos;
    this.arrival = arrival;
  }
}
