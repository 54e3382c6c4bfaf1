package dev.baton.transfer.breaker;

import dev.baton.router.endpoint.EndpointState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One circuit breaker per endpoint id, built with the settings of the pool the call came through
 * and rebuilt when those settings change (a reload). Callers use resilience4j's non-blocking
 * primitives around their own futures: {@link #tryAcquire} before sending, then exactly one verdict
 * on the {@link BreakerPermit} it returns. A state-transition listener mirrors "open" into
 * {@link EndpointState#breakerOpen}, which the scheduler's {@code health} filter honours; the breaker
 * turns half-open on its own timer, because an endpoint nobody picks would otherwise never be probed.
 */
public final class EndpointBreakers {
  private static final System.Logger LOG = System.getLogger(EndpointBreakers.class.getName());

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /**
   * One endpoint's breaker. The state it marks is the latest seen for the id: a reload that changes
   * an endpoint's settings gives it a new {@link EndpointState}, and the breaker must mark that one.
   */
  record Entry(BreakerSettings settings, CircuitBreaker breaker, AtomicInteger consecutiveFailures,
      AtomicReference<EndpointState> state) {}

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
    return e.breaker().tryAcquirePermission()
        ? Optional.of(new BreakerPermit(e, endpoint.id()))
        : Optional.empty();
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
    if (e == null || !e.settings().equals(settings)) {
      // New settings start a fresh breaker: its window was judged by rules that no longer hold.
      e = entries.compute(endpoint.id(),
          (id, old) -> old != null && old.settings().equals(settings) ? old : create(endpoint, settings));
    }
    if (e.state().getAndSet(endpoint) != endpoint) {
      endpoint.breakerOpen(isOpen(e.breaker().getState()));
    }
    return e;
  }

  static boolean isOpen(CircuitBreaker.State state) {
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
  }

  private Entry create(EndpointState endpoint, BreakerSettings settings) {
    CircuitBreaker breaker = CircuitBreaker.of(endpoint.id(), config(settings));
    AtomicReference<EndpointState> state = new AtomicReference<>(endpoint);
    Entry entry = new Entry(settings, breaker, new AtomicInteger(), state);
    breaker.getEventPublisher().onStateTransition(event -> {
      if (entries.get(endpoint.id()) != entry) {
        return; // replaced or dropped: the endpoint's mark belongs to its current breaker
      }
      state.get().breakerOpen(isOpen(event.getStateTransition().getToState()));
      // Debug, not warning: the admin API shows breakerOpen, and a flapping worker must not flood logs.
      LOG.log(System.Logger.Level.DEBUG, "endpoint {0}: breaker {1}", endpoint.id(),
          event.getStateTransition());
    });
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
        .automaticTransitionFromOpenToHalfOpenEnabled(true)
        .build();
  }
}
