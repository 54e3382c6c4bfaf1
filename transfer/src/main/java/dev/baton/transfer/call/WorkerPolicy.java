package dev.baton.transfer.call;

import dev.baton.transfer.breaker.BreakerSettings;
import dev.baton.transfer.retry.RetrySettings;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import java.util.Objects;

/**
 * How Baton treats the workers of one pool: how long it waits on them, when it retries a failed
 * call elsewhere, and how their circuit breakers judge them. Carried by each request from the
 * runtime it started on, so a reload that changes a pool's policy applies to new requests while
 * requests in flight finish under the policy they started with.
 *
 * @param timeouts connect, first-byte and idle timeouts of every call to the pool's workers
 * @param retry when a failed call goes to another worker
 * @param breaker how each worker's circuit breaker opens and closes
 */
public record WorkerPolicy(UpstreamTimeouts timeouts, RetrySettings retry, BreakerSettings breaker) {

  public static final WorkerPolicy DEFAULTS =
      new WorkerPolicy(UpstreamTimeouts.DEFAULTS, RetrySettings.DEFAULTS, BreakerSettings.DEFAULTS);

  public WorkerPolicy {
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(breaker, "breaker");
  }
}
