package dev.baton.transfer.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Permission for one call through an endpoint's breaker, and the place its verdict goes: exactly
 * one of {@link #success}, {@link #failure} or {@link #release}; later calls are ignored. The verdict
 * goes to the breaker that granted the permit, even if a reload has replaced it meanwhile.
 */
public final class BreakerPermit {
  private static final System.Logger LOG = System.getLogger(BreakerPermit.class.getName());

  /** The permit of disabled breakers: every verdict is ignored. */
  static final BreakerPermit NONE = new BreakerPermit(null, "");

  private final EndpointBreakers.Entry entry;
  private final String endpointId;
  private final long startNanos = System.nanoTime();
  private boolean done;

  BreakerPermit(EndpointBreakers.Entry entry, String endpointId) {
    this.entry = entry;
    this.endpointId = endpointId;
  }

  /** The worker gave a usable answer (any status below 500) and, if streamed, it ended cleanly. */
  public void success() {
    if (settle()) {
      AtomicInteger inARow = entry.consecutiveFailures();
      if (inARow.get() != 0) { // no write while nothing fails: every event loop's calls share it
        inARow.set(0);
      }
      entry.breaker().onSuccess(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
      entry.mirror();
    }
  }

  /** The worker failed the call: unreachable, timed out, a 5xx, or a stream that broke. */
  public void failure(Throwable why) {
    if (!settle()) {
      return;
    }
    LOG.log(System.Logger.Level.TRACE, "endpoint {0}: failed call: {1}", endpointId, why);
    CircuitBreaker breaker = entry.breaker();
    breaker.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS, why);
    int inARow = entry.consecutiveFailures().incrementAndGet();
    int limit = entry.settings().consecutiveFailures();
    if (limit > 0 && inARow >= limit && breaker.getState() == CircuitBreaker.State.CLOSED) {
      entry.consecutiveFailures().set(0);
      breaker.transitionToOpenState();
    }
    entry.mirror();
  }

  /** The call ended without a verdict on the worker (the client left): frees a half-open slot. */
  public void release() {
    if (settle()) {
      entry.breaker().releasePermission();
    }
  }

  private boolean settle() {
    if (entry == null || done) {
      return false;
    }
    done = true;
    return true;
  }
}
