package dev.baton.transfer.breaker;

import dev.baton.router.endpoint.EndpointState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One circuit breaker per endpoint id, built with the settings of the pool the call came through
 * and rebuilt when those settings change (a reload). Callers use resilience4j's non-blocking
 * primitives around their own futures: {@link #tryAcquire} before sending, then exactly one verdict
 * on the {@link BreakerPermit} it returns. "Open" is mirrored into {@link EndpointState#breakerOpen},
 * which the scheduler's {@code health} filter honours, by {@link Entry#mirror} after each step that
 * can change the state; an open breaker turns half-open on a timer of its entry, because an endpoint
 * nobody picks would otherwise never be probed.
 *
 * <p>No listener is registered on the breakers' event publisher: with any listener, resilience4j
 * builds and dispatches an event with a wall-clock time stamp for every call's verdict (two per
 * NIXL P/D request), though only state transitions matter here, and those are few.
 */
public final class EndpointBreakers {
  private static final System.Logger LOG = System.getLogger(EndpointBreakers.class.getName());

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /**
   * One endpoint's breaker. The state it marks is the latest seen for the id: a reload that changes
   * an endpoint's settings gives it a new {@link EndpointState}, and the breaker must mark that one.
   */
  final class Entry {
    private final String id;
    private final BreakerSettings settings;
    private final CircuitBreaker breaker;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicReference<EndpointState> state;
    /** The breaker state last mirrored into the endpoint's mark. */
    private volatile CircuitBreaker.State mirrored = CircuitBreaker.State.CLOSED;
    /** A timer will try the half-open state; at most one per entry at a time. */
    private volatile boolean halfOpenPending;

    private Entry(String id, BreakerSettings settings, CircuitBreaker breaker, EndpointState endpoint) {
      this.id = id;
      this.settings = settings;
      this.breaker = breaker;
      this.state = new AtomicReference<>(endpoint);
    }

    BreakerSettings settings() {
      return settings;
    }

    CircuitBreaker breaker() {
      return breaker;
    }

    AtomicInteger consecutiveFailures() {
      return consecutiveFailures;
    }

    /**
     * Mirrors the breaker's state into the endpoint's mark after a step that may have changed it
     * (a permission asked, a verdict, the half-open timer); costs two volatile reads when nothing
     * changed. Any thread that changes the state calls this afterwards, and the state is read again
     * under the lock, so the mark ends on the breaker's latest state whatever the interleaving.
     */
    void mirror() {
      CircuitBreaker.State now = breaker.getState();
      if (now == mirrored && (now != CircuitBreaker.State.OPEN || halfOpenPending)) {
        return;
      }
      synchronized (this) {
        now = breaker.getState();
        if (now != mirrored) {
          CircuitBreaker.State before = mirrored;
          mirrored = now;
          if (entries.get(id) == this) { // replaced or dropped: the mark belongs to the current one
            state.get().breakerOpen(isOpen(now));
            // Debug, not warning: the admin API shows breakerOpen, and a flapping worker must not
            // flood logs.
            LOG.log(System.Logger.Level.DEBUG, "endpoint {0}: breaker {1} -> {2}", id, before, now);
          }
        }
        if (now == CircuitBreaker.State.OPEN && !halfOpenPending) {
          halfOpenPending = true;
          CompletableFuture.delayedExecutor(settings.waitInOpen().toMillis(), TimeUnit.MILLISECONDS)
              .execute(this::tryHalfOpen);
        }
      }
    }

    /** After {@code waitInOpen}: lets probes through, as resilience4j's own timer would have. */
    private void tryHalfOpen() {
      synchronized (this) {
        halfOpenPending = false;
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
          breaker.transitionToHalfOpenState();
        }
      }
      mirror();
    }
  }

  /**
   * A permit to call the endpoint, or empty when its breaker is open or its half-open probes are all
   * taken. Disabled settings permit everything and drop what an earlier, enabled policy recorded.
   */
  public Optional<BreakerPermit> tryAcquire(EndpointState candidate, BreakerSettings settings) {
    // One breaker per server: its data-parallel ranks live and die with the one process.
    EndpointState endpoint = candidate.server();
    if (!settings.enabled()) {
      Entry dropped = entries.remove(endpoint.id());
      if (dropped != null) {
        endpoint.breakerOpen(false);
      }
      return Optional.of(BreakerPermit.NONE);
    }
    Entry e = entry(endpoint, settings);
    boolean permitted = e.breaker().tryAcquirePermission();
    e.mirror();
    return permitted ? Optional.of(new BreakerPermit(e, endpoint.id())) : Optional.empty();
  }

  /** The breaker's state for an endpoint, {@code CLOSED} if it has none. */
  public CircuitBreaker.State state(String endpointId) {
    Entry e = entries.get(endpointId);
    return e == null ? CircuitBreaker.State.CLOSED : e.breaker().getState();
  }

  /** Drops the breakers of every endpoint not in {@code ids} (they left the configuration). */
  public void retainOnly(Set<String> ids) {
    entries.keySet().retainAll(ids);
  }

  /** Drops one endpoint's breaker (it left the configuration). */
  public void remove(String endpointId) {
    entries.remove(endpointId);
  }

  /** How many endpoints have a breaker (for tests and the admin view). */
  public int size() {
    return entries.size();
  }

  private Entry entry(EndpointState endpoint, BreakerSettings settings) {
    Entry e = entries.get(endpoint.id());
    if (e == null || (e.settings() != settings && !e.settings().equals(settings))) {
      // New settings start a fresh breaker: its window was judged by rules that no longer hold.
      e = entries.compute(endpoint.id(),
          (id, old) -> old != null && old.settings().equals(settings) ? old : create(endpoint, settings));
    }
    // Read before writing: every call of every event loop passes here, and a write on each would
    // move the shared line between cores for nothing.
    if (e.state.get() != endpoint && e.state.getAndSet(endpoint) != endpoint) {
      endpoint.breakerOpen(isOpen(e.breaker().getState()));
    }
    return e;
  }

  static boolean isOpen(CircuitBreaker.State state) {
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
  }

  private Entry create(EndpointState endpoint, BreakerSettings settings) {
    Entry entry = new Entry(endpoint.id(), settings,
        CircuitBreaker.of(endpoint.id(), config(settings)), endpoint);
    endpoint.breakerOpen(false);
    return entry;
  }

  private static CircuitBreakerConfig config(BreakerSettings settings) {
    return CircuitBreakerConfig.custom()
        .slidingWindowType(SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(settings.windowSize())
        .minimumNumberOfCalls(Math.min(settings.minimumCalls(), settings.windowSize()))
        .failureRateThreshold(settings.failureRateThreshold())
        .waitDurationInOpenState(settings.waitInOpen())
        .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
        // Entry.mirror's timer does it: resilience4j's would change the state unseen.
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .build();
  }
}
