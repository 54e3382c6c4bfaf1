package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.InFlightLease;
import dev.baton.router.scheduling.Phase;
import dev.baton.transfer.breaker.EndpointBreakers;
import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.handoff.PrefillOutcome.HttpAnswer;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.upstream.BoundedBody;
import dev.baton.transfer.upstream.UpstreamCall;
import dev.baton.transfer.upstream.UpstreamRequest;
import dev.baton.transfer.upstream.WorkerClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the prefill leg of one split request: sends the dialect's prefill body, retries on other
 * prefill workers after retryable failures (connect, timeout, 5xx), and extracts the KV handle.
 */
final class PrefillLeg {

  /** A prefill answer is one token plus, at most, prompt logprobs. */
  private static final long MAX_ANSWER_BYTES = 32L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WorkerClient client;
  private final HandoffCounters counters;
  private final EndpointBreakers breakers;

  PrefillLeg(WorkerClient client, HandoffCounters counters) {
    this(client, counters, EndpointBreakers.disabled());
  }

  PrefillLeg(WorkerClient client, HandoffCounters counters, EndpointBreakers breakers) {
    this.client = client;
    this.counters = counters;
    this.breakers = breakers;
  }

  Future<PrefillOutcome> run(Downstream down, TwoLegRequest request, EndpointState first,
      String decodeId) {
    Set<String> tried = new HashSet<>();
    tried.add(decodeId);
    UpstreamRequest leg =
        UpstreamRequest.post(
            request.kind().path(), request.headers(),
            Buffer.buffer(request.dialect().prefillBody(request.clientBody(), request.kind()).toString()));
    return attempt(down, request, leg, first, tried, 0);
  }

  private Future<PrefillOutcome> attempt(Downstream down, TwoLegRequest request, UpstreamRequest leg,
      EndpointState endpoint, Set<String> tried, int retriesUsed) {
    if (down.gone()) {
      return Future.succeededFuture(PrefillOutcome.cancelledByClient());
    }
    tried.add(endpoint.id());
    return once(down, request, leg, endpoint)
        .compose(
            outcome -> {
              if (outcome.failure() == null || outcome.cancelled()) {
                return Future.succeededFuture(outcome);
              }
              counters.prefillFailure();
              if (retriesUsed >= request.policy().prefillRetries()) {
                return Future.succeededFuture(outcome);
              }
              Optional<EndpointState> next =
                  request.scheduler().pick(Phase.PREFILL, request.scheduling(), request.pool(),
                      Set.copyOf(tried));
              if (next.isEmpty()) {
                return Future.succeededFuture(outcome);
              }
              counters.prefillRetry();
              return attempt(down, request, leg, next.get(), tried, retriesUsed + 1);
            });
  }

  private Future<PrefillOutcome> once(Downstream down, TwoLegRequest request, UpstreamRequest leg,
      EndpointState endpoint) {
    if (!breakers.tryAcquire(endpoint)) {
      return Future.succeededFuture(PrefillOutcome.failed(new UpstreamFailure(
          UpstreamFailure.Kind.UNREACHABLE, "prefill worker " + endpoint.id() + " circuit open")));
    }
    long start = System.nanoTime();
    InFlightLease lease = endpoint.acquire(request.scheduling().promptTokensEstimate() + 1L);
    UpstreamCall call = client.start(endpoint.endpoint(), leg);
    down.onGone(call::abort);
    return call.response()
        .compose(
            response ->
                BoundedBody.read(call, response, MAX_ANSWER_BYTES)
                    .map(body -> new HttpAnswer(response.statusCode(), response.headers(), body)))
        .map(answer -> classify(request, endpoint, answer))
        .recover(
            err -> {
              UpstreamFailure failure = UpstreamFailure.of(err);
              if (call.aborted() && down.gone() || failure.kind() == UpstreamFailure.Kind.CANCELLED) {
                return Future.succeededFuture(PrefillOutcome.cancelledByClient());
              }
              return Future.succeededFuture(PrefillOutcome.failed(failure));
            })
        .onSuccess(outcome -> {
          if (outcome.cancelled()) {
            breakers.release(endpoint);
          } else if (outcome.failure() != null) {
            breakers.onFailure(endpoint, start, outcome.failure());
          } else {
            breakers.onSuccess(endpoint, start);
          }
        })
        .onComplete(ar -> lease.release());
  }

  private PrefillOutcome classify(TwoLegRequest request, EndpointState endpoint, HttpAnswer answer) {
    int status = answer.status();
    if (status >= 400 && status <= 451) {
      return PrefillOutcome.refused(answer);
    }
    if (status < 200 || status >= 300) {
      return PrefillOutcome.failed(
          new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE,
              "prefill worker " + endpoint.id() + " answered " + status));
    }
    JsonNode json;
    try {
      json = JSON.readTree(answer.body().getBytes());
    } catch (IOException e) {
      json = null;
    }
    if (!(json instanceof ObjectNode object)) {
      return PrefillOutcome.noHandle(null);
    }
    return request.dialect().handle(object)
        .map(handle -> PrefillOutcome.handedOff(object, handle))
        .orElseGet(() -> PrefillOutcome.noHandle(object));
  }
}
