package dev.baton.transfer.protocol;

import dev.baton.transfer.call.WorkerCall;
import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.upstream.UpstreamCall;

/**
 * One leg of a concurrent pair as its partner sees it: a decorator on the leg's call stack that
 * remembers the call in flight, so the partner's failure can abort it whether it was sent or not.
 * Used on the request's event loop only.
 */
final class PartnerLeg {
  private UpstreamCall call;
  private UpstreamFailure cancelled;

  <T> WorkerCall<T> around(WorkerCall<T> stack) {
    return attempt -> {
      call = attempt.call();
      if (cancelled != null) {
        call.abort(cancelled);
      }
      return stack.attempt(attempt);
    };
  }

  /** Aborts the leg (now or when it starts); its end is then a cancellation, no verdict on its worker. */
  void cancel(String why) {
    if (cancelled == null) {
      cancelled = new UpstreamFailure(UpstreamFailure.Kind.CANCELLED, why);
      if (call != null) {
        call.abort(cancelled);
      }
    }
  }

  boolean cancelled() {
    return cancelled != null;
  }
}
