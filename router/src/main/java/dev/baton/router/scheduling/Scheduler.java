package dev.baton.router.scheduling;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.pool.Pool;
import java.util.Optional;
import java.util.Set;

/**
 * The one seam that answers "where does this request go". Implementations are thread-safe, read
 * endpoint state without locks and never do I/O.
 */
public interface Scheduler {

  /**
   * Plans a request over a pool: picks the decode endpoint, decides whether to split, and if so picks
   * the prefill endpoint. Empty when no endpoint of the pool can take the request.
   */
  Optional<RoutingPlan> plan(SchedulingRequest request, Pool pool);

  /**
   * Why {@link #plan} found no endpoint, for the client's error. Asked only after an empty plan, off
   * the common path; the default cannot tell filters from health.
   */
  default NoCandidate whyNoCandidate(SchedulingRequest request, Pool pool) {
    return NoCandidate.UNAVAILABLE;
  }

  /**
   * Picks one endpoint for a phase, skipping the given endpoint ids (used to retry a leg elsewhere).
   */
  Optional<EndpointState> pick(
      Phase phase, SchedulingRequest request, Pool pool, Set<String> excludedIds);
}
