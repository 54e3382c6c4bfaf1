package dev.baton.router.scheduling;

import dev.baton.router.LowerCaseTag;
import dev.baton.router.endpoint.EndpointState;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one request goes: the decode endpoint (which also serves aggregated requests) and, when the
 * request is split, the prefill endpoint.
 *
 * @param decode the endpoint that streams the answer
 * @param prefill the endpoint that runs the prefill leg, or null for an aggregated request
 * @param estimatedUncachedTokens prompt tokens the scheduler expects the decode endpoint to lack
 * @param reason why the request is or is not split, for logs and metrics
 */
public record RoutingPlan(
    EndpointState decode, EndpointState prefill, int estimatedUncachedTokens, Reason reason) {

  /** Why a plan is split or not. {@link #tag()} names it in metrics and the access log. */
  public enum Reason implements LowerCaseTag {
    /** The pool does not disaggregate (no {@code disaggregation}, or no handoff dialect). */
    AGGREGATED_POOL,
    /** The {@code threshold} decider: too little of the prompt is uncached on the decode endpoint. */
    BELOW_THRESHOLD,
    /** The pool's P/D decider chose to keep the request on one worker (e.g. {@code never}). */
    DECIDER_KEPT,
    /** Split; the prefill endpoint computes the uncached prompt. */
    SPLIT,
    /** A split was due but no prefill endpoint could take it. */
    NO_PREFILL_ENDPOINT;
  }

  public RoutingPlan {
    Objects.requireNonNull(decode, "decode");
    Objects.requireNonNull(reason, "reason");
    if ((prefill != null) != (reason == Reason.SPLIT)) {
      throw new IllegalArgumentException("a plan has a prefill endpoint exactly when it is split");
    }
  }

  public boolean disaggregated() {
    return prefill != null;
  }

  public Optional<EndpointState> prefillEndpoint() {
    return Optional.ofNullable(prefill);
  }
}
