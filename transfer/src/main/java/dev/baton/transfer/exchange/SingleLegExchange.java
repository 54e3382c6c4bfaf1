package dev.baton.transfer.exchange;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.transfer.call.CallRequest;
import dev.baton.transfer.call.Failover;
import dev.baton.transfer.call.WorkerCalls;
import dev.baton.transfer.call.WorkerPolicy;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.relay.RelayOutcome;
import dev.baton.transfer.upstream.UpstreamRequest;
import io.vertx.core.Future;

/**
 * Sends a request to one worker and relays its answer: aggregated requests, the decode leg of a
 * split request, and other {@code /v1/*} routes. The call goes through the {@link WorkerCalls}
 * stack (breaker, lease, abort, timeouts) with the budgeted retry rule of the request's policy:
 * until the client has received a byte, a failed attempt may go to the {@link Failover}'s next
 * endpoint. Once the relay has started nothing is replayed.
 */
public record SingleLegExchange(WorkerCalls calls) {

  /**
   * Forwards the request to {@code endpoint} and relays the answer. If no worker can be reached or
   * answers in time, the client gets a 502, 503 or 504 in OpenAI shape.
   *
   * @param tokens the request's token footprint, counted on the endpoint while in flight
   * @param failover other endpoints for the same leg
   * @param abandonedUnsent runs when the client leaves while the request is not sent (the decode leg
   *     uses it to free a prefill's blocks nobody will read)
   * @param policy the pool's timeouts, retries and breakers, as the request started under them
   */
  public Future<RelayOutcome> forward(Downstream down, EndpointState endpoint,
      UpstreamRequest request, long tokens, Failover failover, Runnable abandonedUnsent,
      WorkerPolicy policy) {
    CallRequest call = new CallRequest(request, tokens, policy, down, failover,
        calls.retryRule(policy), abandonedUnsent);
    return CallErrors.relayed(down, calls.relay(call, endpoint));
  }
}
