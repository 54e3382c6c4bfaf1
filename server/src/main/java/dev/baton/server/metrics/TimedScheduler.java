package dev.baton.server.metrics;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.NoCandidate;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.Scheduler;
import dev.baton.router.scheduling.SchedulingRequest;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler that times every decision of the one it wraps. The router has no per-plugin hook, so
 * this measures whole decisions: {@code plan} (decode pick, split decision, prefill pick) and
 * {@code pick} (a retry's single pick).
 */
record TimedScheduler(Scheduler delegate, Timer planTimer, Timer pickTimer) implements Scheduler {

  @Override
  public Optional<RoutingPlan> plan(SchedulingRequest request, Pool pool) {
    long start = System.nanoTime();
    try {
      return delegate.plan(request, pool);
    } finally {
      planTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public NoCandidate whyNoCandidate(SchedulingRequest request, Pool pool) {
    return delegate.whyNoCandidate(request, pool);
  }

  @Override
  public Optional<EndpointState> pick(
      Phase phase, SchedulingRequest request, Pool pool, Set<String> excludedIds) {
    long start = System.nanoTime();
    try {
      return delegate.pick(phase, request, pool, excludedIds);
    } finally {
      pickTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }
}
