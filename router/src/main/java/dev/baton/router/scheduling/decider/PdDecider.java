package dev.baton.router.scheduling.decider;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.router.scheduling.plugin.Plugin;

/**
 * Decides whether a request to a disaggregating pool is split into a prefill and a decode leg, once
 * its decode endpoint is chosen. Referenced from the {@code decode} profile; a profile without one
 * uses {@code pd-decider} in mode {@code threshold} with the pool's own threshold (see {@link
 * PdDeciders}). Only asked for pools whose {@code disaggregation} is enabled.
 */
public interface PdDecider extends Plugin {

  /**
   * Whether to split.
   *
   * @param decode the decode endpoint the profile chose
   * @param uncachedTokens prompt tokens the prefix matchers believe {@code decode} lacks
   * @return {@link RoutingPlan.Reason#SPLIT} to split; otherwise the reason to keep the request on
   *     {@code decode} ({@link RoutingPlan.Reason#BELOW_THRESHOLD} or {@link
   *     RoutingPlan.Reason#DECIDER_KEPT})
   */
  RoutingPlan.Reason decide(
      SchedulingRequest request, Pool pool, EndpointState decode, int uncachedTokens);
}
