package dev.baton.transfer.call;

import dev.baton.transfer.error.UpstreamFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Aborts an attempt whose response headers do not arrive within the request's first-byte timeout
 * (queueing plus prefill on the worker). Read per request, so a reload's new timeouts apply to new
 * requests while older ones keep theirs.
 *
 * <p>A layer of the worker-call stack: {@code next} is the rest of it, down to the send.
 */
record FirstByteTimeout<T>(Vertx vertx, WorkerCall<T> next) implements WorkerCall<T> {

  @Override
  public Future<AttemptEnd<T>> attempt(Attempt a) {
    Duration limit = a.policy().timeouts().firstByte();
    long timer = vertx.setTimer(Math.max(1, limit.toMillis()), id -> a.call().abort(
        new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT,
            "worker " + a.endpoint().id() + " did not answer within " + limit)));
    a.call().response().onComplete(ar -> vertx.cancelTimer(timer));
    return next.attempt(a);
  }
}
