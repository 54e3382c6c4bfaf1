package dev.baton.transfer.call;

import io.vertx.core.Future;

/**
 * One attempt on one worker, as a stack of decorators each adding one concern around the next (in
 * the manner of Armeria's decorating clients): breaker, in-flight lease, abort when the client
 * leaves, first-byte timeout, then the send and the reading of the answer. {@link WorkerCalls}
 * builds the stack and runs attempts through it with failover and retries.
 *
 * <p>The future never fails: every way an attempt can end is an {@link AttemptEnd}. A decorator
 * that acts on the end registers {@link Attempt#onEnd} rather than a listener of its own: the
 * runner calls the decorators once, innermost first, on the one listener it has on this future.
 */
@FunctionalInterface
public interface WorkerCall<T> {

  Future<AttemptEnd<T>> attempt(Attempt attempt);
}
