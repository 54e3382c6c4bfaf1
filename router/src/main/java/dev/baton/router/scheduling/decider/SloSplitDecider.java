package dev.baton.router.scheduling.decider;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.latency.LatencyFeatures;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.RoutingPlan.Reason;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.SchedulingRequest;

/**
 * {@code pd-decider} mode {@code slo}: for a request with a TTFT target, splits when the decode
 * endpoint computing the prompt itself is predicted to miss the target and some prefill endpoint of
 * the pool is predicted to meet it; keeps it whole otherwise (a split that misses anyway only adds a
 * handoff). A request without a TTFT target is decided as by the {@code threshold} mode.
 *
 * @param state the latency models the predictions come from, and the clock
 * @param otherwise the decider for requests without a TTFT target
 */
public record SloSplitDecider(SchedulerState state, PdDecider otherwise) implements PdDecider {

  @Override
  public Reason decide(
      SchedulingRequest request, Pool pool, EndpointState decode, int uncachedTokens) {
    if (!request.slo().hasTtft()) {
      return otherwise.decide(request, pool, decode, uncachedTokens);
    }
    double target = request.slo().ttftMs();
    long now = state.nanoTime();
    double[] x = new double[LatencyFeatures.TTFT];
    LatencyFeatures.ttft(decode, uncachedTokens, now, x);
    if (state.latency().modelOf(decode).predictTtftMs(x) <= target) {
      return Reason.DECIDER_KEPT;
    }
    for (EndpointState p : pool.endpoints()) {
      if (p == decode || !p.schedulable() || !p.endpoint().role().canPrefill()
          || !p.endpoint().serves(request.model())) {
        continue;
      }
      // A prefill endpoint computes the whole prompt (its cache is the prefill profile's business).
      LatencyFeatures.ttft(p, request.promptTokensEstimate(), now, x);
      if (state.latency().modelOf(p).predictTtftMs(x) <= target) {
        return Reason.SPLIT;
      }
    }
    return Reason.DECIDER_KEPT;
  }
}
