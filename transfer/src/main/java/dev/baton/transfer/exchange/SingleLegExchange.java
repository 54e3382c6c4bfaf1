package dev.baton.transfer.exchange;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.InFlightLease;
import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.relay.RelayOutcome;
import dev.baton.transfer.relay.ResponseRelay;
import dev.baton.transfer.upstream.UpstreamCall;
import dev.baton.transfer.upstream.UpstreamRequest;
import dev.baton.transfer.upstream.WorkerClient;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Sends a request to one worker and relays its answer: aggregated requests, the decode leg of a
 * split request, and other {@code /v1/*} routes. Holds an in-flight lease on the worker from the
 * moment the request is sent until the relay ends, whatever way it ends.
 */
public final class SingleLegExchange {
  private final WorkerClient client;
  private final ResponseRelay relay;

  public SingleLegExchange(WorkerClient client, ResponseRelay relay) {
    this.client = client;
    this.relay = relay;
  }

  public WorkerClient client() {
    return client;
  }

  public ResponseRelay relay() {
    return relay;
  }

  /**
   * Forwards the request to {@code endpoint} and relays the answer. If the worker cannot be reached
   * or does not answer in time, the client gets a 502 or 504 in OpenAI shape.
   *
   * @param tokens the request's token footprint, counted on the endpoint while in flight
   */
  public Future<RelayOutcome> forward(
      Downstream down, EndpointState endpoint, UpstreamRequest request, long tokens) {
    return forward(down, endpoint, request, tokens, Failover.NONE, () -> {});
  }

  /**
   * Like {@link #forward(Downstream, EndpointState, UpstreamRequest, long)}, with two extras for
   * requests that never reached their worker: a connect failure tries the {@code failover}
   * endpoint instead, and a client that leaves while the request still waits for a connection runs
   * {@code abandonedUnsent} (the decode leg uses it to free a prefill's blocks nobody will read).
   */
  public Future<RelayOutcome> forward(
      Downstream down, EndpointState endpoint, UpstreamRequest request, long tokens,
      Failover failover, Runnable abandonedUnsent) {
    return attempt(down, endpoint, request, tokens, failover, abandonedUnsent, new HashSet<>());
  }

  private Future<RelayOutcome> attempt(
      Downstream down, EndpointState endpoint, UpstreamRequest request, long tokens,
      Failover failover, Runnable abandonedUnsent, Set<String> tried) {
    if (down.gone()) {
      abandonedUnsent.run();
      return Future.succeededFuture(RelayOutcome.CLIENT_GONE);
    }
    tried.add(endpoint.id());
    InFlightLease lease = endpoint.acquire(tokens);
    UpstreamCall call = client.start(endpoint.endpoint(), request);
    down.onGone(() -> {
      boolean unsent = !call.sent() && !call.response().isComplete();
      call.abort();
      if (unsent) {
        abandonedUnsent.run();
      }
    });
    return call.response()
        .compose(
            upstream -> relay.relay(call, upstream, down),
            err -> {
              UpstreamFailure failure = UpstreamFailure.of(err);
              // Free the worker's slot before the client hears back, so counts are settled by then.
              lease.release();
              if (failure.kind() == UpstreamFailure.Kind.CANCELLED) {
                return Future.succeededFuture(RelayOutcome.CLIENT_GONE);
              }
              if (!call.sent() && failure.kind() == UpstreamFailure.Kind.UNREACHABLE) {
                Optional<EndpointState> next = failover.next(Set.copyOf(tried));
                if (next.isPresent()) {
                  return attempt(down, next.get(), request, tokens, failover, abandonedUnsent, tried);
                }
              }
              return failure.toError().send(down.response()).map(RelayOutcome.UPSTREAM_FAILED);
            })
        .otherwise(RelayOutcome.UPSTREAM_FAILED)
        .onComplete(ar -> lease.release());
  }
}
