package dev.baton.transfer.retry;

import dev.baton.transfer.error.UpstreamFailure;

/** Why an attempt on one worker gave no answer worth keeping: what a {@link RetryRule} judges. */
public sealed interface RetryCause {

  /** The endpoint's circuit breaker refused the call: it was never sent. */
  record BreakerOpen(String endpointId) implements RetryCause {}

  /**
   * The call failed before a usable answer.
   *
   * @param sent the worker may have received the request (it could run twice if retried)
   */
  record Failure(UpstreamFailure failure, boolean sent) implements RetryCause {}

  /** The worker answered with a server error (5xx); its body has not been read. */
  record ErrorStatus(int status) implements RetryCause {}

  /** True when the call never reached a worker, so sending it elsewhere cannot run it twice. */
  default boolean neverReachedAWorker() {
    return this instanceof BreakerOpen
        || this instanceof Failure f && !f.sent() && f.failure().kind() == UpstreamFailure.Kind.UNREACHABLE;
  }
}
