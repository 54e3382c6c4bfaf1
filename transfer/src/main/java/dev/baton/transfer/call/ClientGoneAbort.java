package dev.baton.transfer.call;

import dev.baton.transfer.upstream.UpstreamCall;
import io.vertx.core.Future;

/**
 * Aborts the attempt when its client leaves, so the worker sees the connection close and frees what
 * it holds. A request that was not sent yet runs the call's {@code abandonedUnsent} action.
 *
 * <p>A layer of the worker-call stack: {@code next} is the rest of it, down to the send.
 */
record ClientGoneAbort<T>(WorkerCall<T> next) implements WorkerCall<T> {

  @Override
  public Future<AttemptEnd<T>> attempt(Attempt a) {
    UpstreamCall call = a.call();
    a.onClientGone(() -> {
      boolean unsent = !call.sent() && !call.response().isComplete();
      call.abort();
      if (unsent) {
        a.request().abandonedUnsent().run();
      }
    });
    return next.attempt(a);
  }
}
