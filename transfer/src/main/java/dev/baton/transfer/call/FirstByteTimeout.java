package dev.baton.transfer.call;

import dev.baton.transfer.error.UpstreamFailure;
import io.vertx.core.Future;
import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Aborts an attempt whose response headers do not arrive within the request's first-byte timeout
 * (queueing plus prefill on the worker). Read per request, so a reload's new timeouts apply to new
 * requests while older ones keep theirs. The timer is the event loop's own ({@link Vertx#timer}):
 * one per attempt, it is cancelled far more often than it fires, and unlike {@code setTimer} it
 * takes no id from a counter and no entry in a map shared by every event loop.
 *
 * <p>A layer of the worker-call stack: {@code next} is the rest of it, down to the send.
 */
record FirstByteTimeout<T>(Vertx vertx, WorkerCall<T> next) implements WorkerCall<T> {

  @Override
  public Future<AttemptEnd<T>> attempt(Attempt a) {
    Duration limit = a.policy().timeouts().firstByte();
    Timer timer = vertx.timer(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
    timer.onSuccess(fired -> a.call().abort(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT,
        "worker " + a.endpoint().id() + " did not answer within " + limit)));
    a.call().response().onComplete(ar -> timer.cancel());
    return next.attempt(a);
  }
}
