package dev.baton.router.scheduling;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.pool.Pool;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Schedules each pool with its own scheduler where it has one (an embedding pool and a chat pool
 * want different scorers), and every other pool with the shared one. One map lookup by pool name per
 * decision; immutable, so a reload builds a new one.
 *
 * @param shared the scheduler of pools without their own
 * @param byPool schedulers by pool name
 */
public record PerPoolScheduler(Scheduler shared, Map<String, Scheduler> byPool)
    implements Scheduler {

  public PerPoolScheduler {
    byPool = Map.copyOf(byPool);
  }

  /** The scheduler that decides for {@code pool}. */
  public Scheduler of(Pool pool) {
    return byPool.getOrDefault(pool.name(), shared);
  }

  @Override
  public Optional<RoutingPlan> plan(SchedulingRequest request, Pool pool) {
    return of(pool).plan(request, pool);
  }

  @Override
  public NoCandidate whyNoCandidate(SchedulingRequest request, Pool pool) {
    return of(pool).whyNoCandidate(request, pool);
  }

  @Override
  public Optional<EndpointState> pick(
      Phase phase, SchedulingRequest request, Pool pool, Set<String> excludedIds) {
    return of(pool).pick(phase, request, pool, excludedIds);
  }
}
