package dev.baton.server.metrics;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Health;
import dev.baton.router.pool.Pool;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.transfer.call.AttemptOutcome;
import dev.baton.transfer.call.AttemptReport;
import dev.baton.transfer.call.Leg;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Per-endpoint gauges read straight from the live {@link EndpointState}s of the current runtime. A
 * reload may add endpoints, drop them, or replace one's state (same id, new settings); {@link
 * #refresh()} notices a new runtime and binds the difference, removing the series of endpoints that
 * left so Prometheus stops seeing them instead of a frozen last value.
 */
final class EndpointGauges {
  /** The per-attempt counters {@link BatonMetrics} keeps per endpoint, removed with the rest. */
  static final String ATTEMPTS = "baton.endpoint.attempts";

  private static final int OUTCOMES = AttemptOutcome.values().length;

  private final MeterRegistry registry;
  private final Supplier<BatonRuntime> runtime;
  private final Map<String, Binding> bound = new HashMap<>();
  /**
   * The attempt counters by endpoint id, then by leg and outcome: looked up on every request, so
   * once registered they are found without a builder, tags or a registry lookup.
   */
  private final ConcurrentHashMap<String, AtomicReferenceArray<Counter>> attempts =
      new ConcurrentHashMap<>();
  private BatonRuntime seen;

  private record Binding(EndpointState state, List<Meter> meters) {}

  EndpointGauges(MeterRegistry registry, Supplier<BatonRuntime> runtime) {
    this.registry = registry;
    this.runtime = runtime;
  }

  /** Binds the current runtime's endpoints if the runtime changed since the last call. */
  synchronized void refresh() {
    BatonRuntime current = runtime.get();
    if (current == seen) {
      return;
    }
    seen = current;
    Map<String, EndpointState> wanted = new HashMap<>();
    Map<String, String> poolOf = new HashMap<>();
    for (PoolRoute route : current.routes()) {
      Pool pool = route.pool();
      for (EndpointState state : pool.endpoints()) {
        // The same worker may serve two pools (as two states): the pool tag keeps them apart.
        String key = pool.name() + '\u0000' + state.id();
        wanted.put(key, state);
        poolOf.put(key, pool.name());
      }
    }
    for (Iterator<Map.Entry<String, Binding>> it = bound.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Binding> entry = it.next();
      if (wanted.get(entry.getKey()) != entry.getValue().state()) {
        entry.getValue().meters().forEach(registry::remove);
        it.remove();
      }
    }
    Set<String> ids = new HashSet<>();
    wanted.values().forEach(state -> ids.add(state.id()));
    attempts.keySet().retainAll(ids);
    registry.find(ATTEMPTS).counters().stream()
        .filter(c -> !ids.contains(c.getId().getTag("endpoint")))
        .forEach(registry::remove);
    wanted.forEach((key, state) -> {
      if (!bound.containsKey(key)) {
        bound.put(key, new Binding(state, bind(poolOf.get(key), state)));
      }
    });
  }

  /**
   * The counter of {@code baton_endpoint_attempts_total} for the attempt's endpoint, leg and
   * outcome. Two threads registering the same one get the same meter (Micrometer's registration is
   * idempotent); an attempt that ends on an endpoint just removed by a reload counts on the series
   * it finds, as it did when every attempt registered its counter.
   */
  Counter attempts(AttemptReport attempt) {
    AtomicReferenceArray<Counter> counters = attempts.computeIfAbsent(attempt.endpointId(),
        id -> new AtomicReferenceArray<>(Leg.values().length * OUTCOMES));
    int slot = attempt.leg().ordinal() * OUTCOMES + attempt.outcome().ordinal();
    Counter counter = counters.get(slot);
    if (counter == null) {
      counter = Counter.builder(ATTEMPTS)
          .description("Attempts of prefill and decode legs per endpoint, by how they ended")
          .tags("endpoint", attempt.endpointId(), "leg", attempt.leg().tag(),
              "outcome", attempt.outcome().tag())
          .register(registry);
      counters.set(slot, counter);
    }
    return counter;
  }

  private List<Meter> bind(String pool, EndpointState state) {
    Tags tags = Tags.of("pool", pool, "endpoint", state.id(),
        "role", state.endpoint().role().name().toLowerCase(Locale.ROOT));
    List<Meter> meters = new ArrayList<>();
    meters.add(FunctionCounter.builder("baton.endpoint.picks", state, EndpointState::picks)
        .description("Times the scheduler sent a request or leg to the endpoint")
        .tags(tags).register(registry));
    meters.add(gauge("baton.endpoint.in.flight.requests",
        "Requests and legs Baton has in flight on the endpoint", tags, state,
        EndpointState::inFlightRequests));
    meters.add(gauge("baton.endpoint.in.flight.tokens",
        "Token footprint (prompt + max output) of what Baton has in flight on the endpoint", tags,
        state, EndpointState::inFlightTokens));
    meters.add(gauge("baton.endpoint.healthy",
        "1 when the last probes found the endpoint healthy, 0 when unhealthy or not probed yet", tags,
        state, s -> s.health() == Health.HEALTHY ? 1 : 0));
    meters.add(gauge("baton.endpoint.schedulable",
        "1 when the endpoint may take new requests (not unhealthy, draining or breaker-open)", tags,
        state, s -> s.schedulable() ? 1 : 0));
    meters.add(gauge("baton.endpoint.draining", "1 while an operator drains the endpoint", tags,
        state, s -> s.draining() ? 1 : 0));
    meters.add(gauge("baton.endpoint.breaker.open", "1 while the endpoint's circuit breaker is open",
        tags, state, s -> s.breakerOpen() ? 1 : 0));
    meters.add(gauge("baton.endpoint.engine.running",
        "Requests running on the engine at its last metrics scrape", tags, state,
        s -> s.load().running()));
    meters.add(gauge("baton.endpoint.engine.waiting",
        "Requests queued on the engine at its last metrics scrape", tags, state,
        s -> s.load().waiting()));
    meters.add(gauge("baton.endpoint.engine.kv.cache.usage",
        "KV-cache usage (0..1) of the engine at its last metrics scrape", tags, state,
        s -> s.load().kvCacheUsage()));
    return meters;
  }

  private Gauge gauge(String name, String help, Tags tags, EndpointState state,
      ToDoubleFunction<EndpointState> value) {
    // Strong reference: the binding is removed explicitly when the endpoint leaves, and a weak one
    // would turn into NaN if the runtime briefly were the only holder and got collected.
    return Gauge.builder(name, state, value).description(help).tags(tags).strongReference(true)
        .register(registry);
  }
}
