package dev.baton.router.scheduling;

import dev.baton.router.endpoint.EndpointState;
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
    EndpointState decode, EndpointState prefill, int estimatedUncachedTokens, String reason) {

  /** {@link #reason()}: the pool does not disaggregate. */
  public static final String AGGREGATED = "aggregated pool";
  /** {@link #reason()}: too little of the prompt is uncached on the decode endpoint to split. */
  public static final String BELOW_THRESHOLD = "below threshold";
  /** {@link #reason()}: split; the prefill endpoint computes the uncached prompt. */
  public static final String SPLIT = "split";
  /** {@link #reason()}: a split was due but no prefill endpoint could take it. */
  public static final String NO_PREFILL_ENDPOINT = "no prefill endpoint";

  public boolean disaggregated() {
    return prefill != null;
  }

  public Optional<EndpointState> prefillEndpoint() {
    return Optional.ofNullable(prefill);
  }
}
