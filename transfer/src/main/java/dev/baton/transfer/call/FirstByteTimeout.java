package dev.baton.transfer.call;

import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.upstream.Deadline;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Aborts an attempt whose response headers do not arrive within the request's first-byte timeout
 * (queueing plus prefill on the worker). Read per request, so a reload's new timeouts apply to new
 * requests while older ones keep theirs. It is cancelled far more often than it fires, so it is a
 * {@link Deadline} of the event loop's sweep, not a timer of its own.
 *
 * <p>A layer of the worker-call stack: {@code next} is the rest of it, down to the send.
 */
record FirstByteTimeout<T>(Vertx vertx, WorkerCall<T> next) implements WorkerCall<T> {

  @Override
  public Future<AttemptEnd<T>> attempt(Attempt a) {
    Duration limit = a.policy().timeouts().firstByte();
    Deadline deadline = Deadline.start(vertx, limit, () -> a.call().abort(new UpstreamFailure(
        UpstreamFailure.Kind.TIMEOUT, "worker " + a.endpoint().id() + " did not answer within " + limit)));
    a.call().response().onComplete(ar -> deadline.cancel());
    return next.attempt(a);
  }
}
