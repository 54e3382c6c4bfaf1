package dev.baton.router.scheduling;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.pool.Disaggregation;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.RoutingPlan.Reason;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * The simplest load-aware scheduler: the schedulable endpoint with the fewest in-flight requests, and
 * a split whenever the whole prompt (nothing known to be cached) reaches the pool's threshold.
 */
public final class LeastInFlightScheduler implements Scheduler {

  @Override
  public Optional<RoutingPlan> plan(SchedulingRequest request, Pool pool) {
    Optional<EndpointState> decode = pick(Phase.DECODE, request, pool, Set.of());
    if (decode.isEmpty()) {
      return Optional.empty();
    }
    Disaggregation split = pool.disaggregation();
    int uncached = request.promptTokensEstimate();
    if (!split.enabled()) {
      return Optional.of(new RoutingPlan(decode.get(), null, uncached, Reason.AGGREGATED_POOL));
    }
    if (uncached < split.uncachedTokenThreshold()) {
      return Optional.of(new RoutingPlan(decode.get(), null, uncached, Reason.BELOW_THRESHOLD));
    }
    return Optional.of(
        pick(Phase.PREFILL, request, pool, Set.of(decode.get().id()))
            .map(prefill -> new RoutingPlan(decode.get(), prefill, uncached, Reason.SPLIT))
            .orElseGet(() -> new RoutingPlan(decode.get(), null, uncached, Reason.NO_PREFILL_ENDPOINT)));
  }

  @Override
  public Optional<EndpointState> pick(
      Phase phase, SchedulingRequest request, Pool pool, Set<String> excludedIds) {
    return pool.endpoints().stream()
        .filter(e -> phase.allows(e.endpoint().role()))
        .filter(e -> e.endpoint().serves(request.model()))
        .filter(EndpointState::schedulable)
        .filter(e -> !excludedIds.contains(e.id()))
        .flatMap(e -> e.candidates().stream())
        .min(Comparator.comparingInt(EndpointState::inFlightRequests));
  }
}
