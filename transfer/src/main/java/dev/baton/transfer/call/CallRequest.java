package dev.baton.transfer.call;

import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.retry.RetryRule;
import dev.baton.transfer.upstream.UpstreamRequest;

/**
 * One call to a worker as a leg asks for it: what to send, and how the stack treats it.
 *
 * @param request what is sent to the worker
 * @param tokens the call's token footprint, counted on the endpoint while it is in flight
 * @param policy timeouts, retry settings and breaker settings of the pool the request came through
 * @param down the client waiting for the answer; null for a call nobody waits for (a release)
 * @param failover where a failed attempt may go instead
 * @param retry which failed attempts go there
 * @param abandonedUnsent runs when the client leaves before the request was sent (the decode leg
 *     frees a prefill's blocks nobody will read)
 * @param leg which leg the call is, for the attempts reported to the client side's listener
 */
public record CallRequest(
    UpstreamRequest request,
    long tokens,
    WorkerPolicy policy,
    Downstream down,
    Failover failover,
    RetryRule retry,
    Runnable abandonedUnsent,
    Leg leg) {

  /** A call of the leg the client's answer comes from ({@link Leg#DECODE}). */
  public CallRequest(UpstreamRequest request, long tokens, WorkerPolicy policy, Downstream down,
      Failover failover, RetryRule retry, Runnable abandonedUnsent) {
    this(request, tokens, policy, down, failover, retry, abandonedUnsent, Leg.DECODE);
  }

  /** The same call as another leg. */
  public CallRequest as(Leg other) {
    return new CallRequest(request, tokens, policy, down, failover, retry, abandonedUnsent, other);
  }

  /** A call nobody waits for: it cannot be abandoned, and nothing of it reaches a client. */
  public static CallRequest detached(UpstreamRequest request, long tokens, WorkerPolicy policy,
      Failover failover, RetryRule retry) {
    return new CallRequest(request, tokens, policy, null, failover, retry, () -> {});
  }

  /** True once the client left (never for a detached call). */
  boolean clientGone() {
    return down != null && down.gone();
  }

  /** True once the client has received the head of an answer: nothing may be retried then. */
  boolean clientAnswered() {
    return down != null && down.response().headWritten();
  }
}
