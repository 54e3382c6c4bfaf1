package dev.baton.transfer.call;

import io.vertx.core.Future;

/**
 * One attempt on one worker, as a stack of decorators each adding one concern around the next (in
 * the manner of Armeria's decorating clients): breaker, in-flight lease, abort when the client
 * leaves, first-byte timeout, then the send and the reading of the answer. {@link WorkerCalls}
 * builds the stack and runs attempts through it with failover and retries.
 *
 * <p>The future never fails: every way an attempt can end is an {@link AttemptEnd}.
 */
@FunctionalInterface
public interface WorkerCall<T> {

  Future<AttemptEnd<T>> attempt(Attempt attempt);
}
