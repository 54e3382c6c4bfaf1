package dev.baton.transfer.call;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.transfer.breaker.EndpointBreakers;
import dev.baton.transfer.relay.RelayOutcome;
import dev.baton.transfer.relay.ResponseRelay;
import dev.baton.transfer.retry.RetryBudgets;
import dev.baton.transfer.retry.RetryRule;
import dev.baton.transfer.upstream.WorkerClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The one way Baton calls a worker. Every leg (aggregated, prefill, decode, a merged non-streaming
 * decode, a release) runs its call through the same stack, outermost first:
 *
 * <ol>
 *   <li>failover and retries ({@link RetryingCall}, with the request's {@link RetryRule});
 *   <li>the endpoint's circuit breaker ({@link BreakerGuard});
 *   <li>the in-flight lease ({@link LeaseGuard});
 *   <li>abort when the client leaves ({@link ClientGoneAbort});
 *   <li>the first-byte timeout ({@link FirstByteTimeout});
 *   <li>the send, then the leg's {@link AnswerReader}: relayed, or read whole within a bound.
 * </ol>
 *
 * Timeouts, retry and breaker settings come from each request's {@link WorkerPolicy}, not from
 * here: pools differ, and a reload changes them for new requests only.
 */
public final class WorkerCalls {
  private final WorkerClient client;
  private final EndpointBreakers breakers;
  private final RetryBudgets budgets;
  private final WorkerCall<RelayOutcome> relayed;

  public WorkerCalls(WorkerClient client, ResponseRelay relay, EndpointBreakers breakers,
      RetryBudgets budgets) {
    this.client = client;
    this.breakers = breakers;
    this.budgets = budgets;
    this.relayed = stack(new RelayedAnswer(relay));
  }

  /** The full stack around a reader; build it once per kind of leg. */
  public <T> WorkerCall<T> stack(AnswerReader<T> reader) {
    return new BreakerGuard<>(breakers,
        new LeaseGuard<>(
            new ClientGoneAbort<>(
                new FirstByteTimeout<>(client.vertx(),
                    new SendToWorker<>(client, reader)))));
  }

  /** The stack of calls whose answer is relayed to the client as it arrives. */
  public WorkerCall<RelayOutcome> relayed() {
    return relayed;
  }

  /** Runs a call whose answer is relayed to {@code request.down()} as it arrives. */
  public Future<AttemptEnd<RelayOutcome>> relay(CallRequest request, EndpointState first) {
    return run(relayed, request, first);
  }

  /** Runs a call through {@code stack}, with failover and retries, starting on {@code first}. */
  public <T> Future<AttemptEnd<T>> run(WorkerCall<T> stack, CallRequest request, EndpointState first) {
    return new RetryingCall<>(client.vertx(), stack, request).start(first);
  }

  /** The budgeted retry rule of calls whose answer goes to a client, under {@code policy}. */
  public RetryRule retryRule(WorkerPolicy policy) {
    return budgets.rule(policy.retry());
  }
}
