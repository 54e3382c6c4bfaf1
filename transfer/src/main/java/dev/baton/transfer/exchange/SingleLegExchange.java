package dev.baton.transfer.exchange;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.InFlightLease;
import dev.baton.transfer.breaker.EndpointBreakers;
import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.relay.RelayOutcome;
import dev.baton.transfer.relay.ResponseRelay;
import dev.baton.transfer.retry.RetryPolicy;
import dev.baton.transfer.upstream.UpstreamCall;
import dev.baton.transfer.upstream.UpstreamRequest;
import dev.baton.transfer.upstream.WorkerClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Sends a request to one worker and relays its answer: aggregated requests, the decode leg of a
 * split request, and other {@code /v1/*} routes. Holds an in-flight lease on the worker from the
 * moment the request is sent until the relay ends, whatever way it ends.
 *
 * <p>Every attempt passes the endpoint's circuit breaker and reports its outcome to it. Until the
 * client has received a byte, a failed attempt may go to another endpoint through the
 * {@link Failover}: always when it never reached a worker (connect refused, breaker open), and,
 * within the {@link RetryPolicy}'s budget and with backoff, after a timeout, a broken connection or
 * a 5xx answer. Once the relay has started nothing is replayed.
 */
public final class SingleLegExchange {
  private final WorkerClient client;
  private final ResponseRelay relay;
  private final EndpointBreakers breakers;
  private final RetryPolicy retries;

  /** Without breakers, and failing over only requests that never reached a worker. */
  public SingleLegExchange(WorkerClient client, ResponseRelay relay) {
    this(client, relay, EndpointBreakers.disabled(), RetryPolicy.none());
  }

  public SingleLegExchange(WorkerClient client, ResponseRelay relay, EndpointBreakers breakers,
      RetryPolicy retries) {
    this.client = client;
    this.relay = relay;
    this.breakers = breakers;
    this.retries = retries;
  }

  public WorkerClient client() {
    return client;
  }

  public ResponseRelay relay() {
    return relay;
  }

  public EndpointBreakers breakers() {
    return breakers;
  }

  public RetryPolicy retries() {
    return retries;
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
   * Like {@link #forward(Downstream, EndpointState, UpstreamRequest, long)}, with two extras: a
   * failed attempt may be sent to the {@code failover} endpoint instead (see the class comment),
   * and a client that leaves while the request is not sent runs {@code abandonedUnsent} (the
   * decode leg uses it to free a prefill's blocks nobody will read).
   */
  public Future<RelayOutcome> forward(
      Downstream down, EndpointState endpoint, UpstreamRequest request, long tokens,
      Failover failover, Runnable abandonedUnsent) {
    retries.started();
    return attempt(new Attempts(down, request, tokens, failover, abandonedUnsent), endpoint);
  }

  /** What all attempts of one request share. */
  private static final class Attempts {
    final Downstream down;
    final UpstreamRequest request;
    final long tokens;
    final Failover failover;
    final Runnable abandonedUnsent;
    final Set<String> tried = new HashSet<>();
    int retriesDone;

    Attempts(Downstream down, UpstreamRequest request, long tokens, Failover failover,
        Runnable abandonedUnsent) {
      this.down = down;
      this.request = request;
      this.tokens = tokens;
      this.failover = failover;
      this.abandonedUnsent = abandonedUnsent;
    }
  }

  private Future<RelayOutcome> attempt(Attempts a, EndpointState endpoint) {
    Downstream down = a.down;
    if (down.gone()) {
      a.abandonedUnsent.run();
      return Future.succeededFuture(RelayOutcome.CLIENT_GONE);
    }
    a.tried.add(endpoint.id());
    if (!breakers.tryAcquire(endpoint)) {
      // Not sent, so it cannot run twice: fail over for free, like a refused connection.
      Optional<EndpointState> next = a.failover.next(Set.copyOf(a.tried));
      if (next.isPresent()) {
        return attempt(a, next.get());
      }
      return new OpenAiError(503, "Worker " + endpoint.id() + " is failing (circuit open)",
              "service_unavailable", null, "circuit_open")
          .send(down.response()).map(RelayOutcome.UPSTREAM_FAILED);
    }
    long start = System.nanoTime();
    InFlightLease lease = endpoint.acquire(a.tokens);
    UpstreamCall call = client.start(endpoint.endpoint(), a.request);
    down.onGone(() -> {
      boolean unsent = !call.sent() && !call.response().isComplete();
      call.abort();
      if (unsent) {
        a.abandonedUnsent.run();
      }
    });
    return call.response()
        .compose(
            upstream -> answered(a, endpoint, call, upstream, lease, start),
            err -> {
              UpstreamFailure failure = UpstreamFailure.of(err);
              // Free the worker's slot before the client hears back, so counts are settled by then.
              lease.release();
              if (failure.kind() == UpstreamFailure.Kind.CANCELLED) {
                breakers.release(endpoint);
                return Future.succeededFuture(RelayOutcome.CLIENT_GONE);
              }
              breakers.onFailure(endpoint, start, failure);
              if (!call.sent() && failure.kind() == UpstreamFailure.Kind.UNREACHABLE) {
                Optional<EndpointState> next = a.failover.next(Set.copyOf(a.tried));
                if (next.isPresent()) {
                  return attempt(a, next.get());
                }
              }
              Future<RelayOutcome> again = retry(a, failure, 0);
              return again != null
                  ? again
                  : failure.toError().send(down.response()).map(RelayOutcome.UPSTREAM_FAILED);
            })
        .otherwise(RelayOutcome.UPSTREAM_FAILED)
        .onComplete(ar -> lease.release());
  }

  /** The worker's headers arrived: a 5xx may still be retried, anything else is relayed. */
  private Future<RelayOutcome> answered(Attempts a, EndpointState endpoint, UpstreamCall call,
      HttpClientResponse upstream, InFlightLease lease, long start) {
    int status = upstream.statusCode();
    if (status >= 500) {
      breakers.onFailure(endpoint, start,
          new UpstreamFailure(UpstreamFailure.Kind.BAD_ANSWER,
              "worker " + endpoint.id() + " answered " + status));
      Future<RelayOutcome> again = retry(a, null, status);
      if (again != null) {
        // Nothing of this answer reached the client; drop it with its connection. The reset
        // surfaces on the response as an error that is expected, not worth a log line.
        upstream.exceptionHandler(ignored -> {});
        call.abort(new UpstreamFailure(UpstreamFailure.Kind.CANCELLED, "retried elsewhere"));
        lease.release();
        return again;
      }
      return relay.relay(call, upstream, a.down);
    }
    return relay.relay(call, upstream, a.down)
        .onSuccess(outcome -> {
          switch (outcome) {
            case COMPLETED -> breakers.onSuccess(endpoint, start);
            case UPSTREAM_FAILED -> breakers.onFailure(endpoint, start,
                new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, "stream broke"));
            case CLIENT_GONE -> breakers.release(endpoint);
          }
        });
  }

  /**
   * A budgeted retry on another endpoint after a backoff, or null when the policy, the budget or
   * the pool says no.
   */
  private Future<RelayOutcome> retry(Attempts a, UpstreamFailure failure, int status) {
    if (a.down.gone() || a.down.response().headWritten()) {
      return null;
    }
    Optional<EndpointState> next = a.failover.next(Set.copyOf(a.tried));
    if (next.isEmpty()) {
      return null;
    }
    Optional<Duration> delay = retries.retryAfter(failure, status, a.retriesDone);
    if (delay.isEmpty()) {
      return null;
    }
    a.retriesDone++;
    Promise<Void> wait = Promise.promise();
    long ms = delay.get().toMillis();
    if (ms <= 0) {
      wait.complete();
    } else {
      client.vertx().setTimer(ms, id -> wait.complete());
    }
    return wait.future().compose(v -> attempt(a, next.get()));
  }
}
