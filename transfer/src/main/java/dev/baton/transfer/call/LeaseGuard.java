package dev.baton.transfer.call;

import dev.baton.router.endpoint.InFlightLease;
import io.vertx.core.Future;

/**
 * Counts the attempt on its endpoint while it is in flight, answer included. The lease is released
 * when the attempt ends, before the caller sends the client an error, so the counts have settled
 * by the time the client hears back.
 *
 * <p>A layer of the worker-call stack: {@code next} is the rest of it, down to the send.
 */
record LeaseGuard<T>(WorkerCall<T> next) implements WorkerCall<T> {

  @Override
  public Future<AttemptEnd<T>> attempt(Attempt a) {
    InFlightLease lease = a.endpoint().acquire(a.request().tokens());
    Future<AttemptEnd<T>> end = next.attempt(a);
    a.onEnd(ended -> lease.release());
    return end;
  }
}
