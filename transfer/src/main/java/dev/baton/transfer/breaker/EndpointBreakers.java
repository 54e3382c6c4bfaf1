package dev.baton.transfer.breaker;

import dev.baton.router.endpoint.EndpointState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One circuit breaker per endpoint id, created on first use. Callers use the non-blocking
 * primitives around their own futures: {@link #tryAcquire} before sending, then exactly one of
 * {@link #onSuccess}, {@link #onFailure} or {@link #release} (the client left: says nothing about
 * the worker). A state-transition listener mirrors "open" into {@link EndpointState#breakerOpen},
 * which the scheduler's {@code health} filter honours; the breaker turns half-open on its own timer,
 * because an endpoint nobody picks would otherwise never be probed.
 */
public final class EndpointBreakers {
  private static final System.Logger LOG = System.getLogger(EndpointBreakers.class.getName());

  private final BreakerSettings settings;
  private final CircuitBreakerConfig config;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /**
   * One endpoint's breaker. The state it marks is the latest seen for the id: a reload that changes
   * an endpoint's settings gives it a new {@link EndpointState}, and the breaker must mark that one.
   */
  private record Entry(CircuitBreaker breaker, AtomicInteger consecutiveFailures,
      AtomicReference<EndpointState> state) {}

  public EndpointBreakers(BreakerSettings settings) {
    this.settings = settings;
    this.config =
        CircuitBreakerConfig.custom()
            .slidingWindowType(SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(settings.windowSize())
            .minimumNumberOfCalls(Math.min(settings.minimumCalls(), settings.windowSize()))
            .failureRateThreshold(settings.failureRateThreshold())
            .waitDurationInOpenState(settings.waitInOpen())
            .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
            .automaticTransitionFromOpenToHalfOpenEnabled(true)
            .build();
  }

  /** Breakers that permit everything and record nothing. */
  public static EndpointBreakers disabled() {
    return new EndpointBreakers(BreakerSettings.DISABLED);
  }

  public BreakerSettings settings() {
    return settings;
  }

  /** False when the endpoint's breaker is open or its half-open probes are all taken. */
  public boolean tryAcquire(EndpointState endpoint) {
    return !settings.enabled() || entry(endpoint).breaker().tryAcquirePermission();
  }

  /** The call got a usable answer (any status below 500) and, if streamed, it ended cleanly. */
  public void onSuccess(EndpointState endpoint, long startNanos) {
    if (!settings.enabled()) {
      return;
    }
    Entry e = entry(endpoint);
    e.consecutiveFailures().set(0);
    e.breaker().onSuccess(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  /** The worker failed the call: unreachable, timed out, a 5xx, or a stream that broke. */
  public void onFailure(EndpointState endpoint, long startNanos, Throwable why) {
    if (!settings.enabled()) {
      return;
    }
    Entry e = entry(endpoint);
    LOG.log(System.Logger.Level.TRACE, "endpoint {0}: failed call: {1}", endpoint.id(), why);
    e.breaker().onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS, why);
    int inARow = e.consecutiveFailures().incrementAndGet();
    int limit = settings.consecutiveFailures();
    if (limit > 0 && inARow >= limit
        && e.breaker().getState() == CircuitBreaker.State.CLOSED) {
      e.consecutiveFailures().set(0);
      e.breaker().transitionToOpenState();
    }
  }

  /** The call ended without a verdict on the worker (the client left): frees a half-open slot. */
  public void release(EndpointState endpoint) {
    if (settings.enabled()) {
      entry(endpoint).breaker().releasePermission();
    }
  }

  /** The breaker's state for an endpoint, {@code CLOSED} if it has none yet. */
  public CircuitBreaker.State state(String endpointId) {
    Entry e = entries.get(endpointId);
    return e == null ? CircuitBreaker.State.CLOSED : e.breaker().getState();
  }

  private Entry entry(EndpointState endpoint) {
    Entry e = entries.computeIfAbsent(endpoint.id(), id -> create(endpoint));
    if (e.state().getAndSet(endpoint) != endpoint) {
      endpoint.breakerOpen(isOpen(e.breaker().getState()));
    }
    return e;
  }

  private static boolean isOpen(CircuitBreaker.State state) {
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
  }

  private Entry create(EndpointState endpoint) {
    CircuitBreaker breaker = CircuitBreaker.of(endpoint.id(), config);
    AtomicReference<EndpointState> state = new AtomicReference<>(endpoint);
    breaker.getEventPublisher().onStateTransition(event -> {
      boolean open = isOpen(event.getStateTransition().getToState());
      state.get().breakerOpen(open);
      // Debug, not warning: the admin API shows breakerOpen, and a flapping worker must not flood logs.
      LOG.log(System.Logger.Level.DEBUG, "endpoint {0}: breaker {1}", endpoint.id(),
          event.getStateTransition());
    });
    return new Entry(breaker, new AtomicInteger(), state);
  }
}
