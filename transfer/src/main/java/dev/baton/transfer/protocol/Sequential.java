package dev.baton.transfer.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.transfer.call.AttemptEnd;
import dev.baton.transfer.call.CallRequest;
import dev.baton.transfer.call.Failover;
import dev.baton.transfer.call.HttpAnswer;
import dev.baton.transfer.call.WholeAnswer;
import dev.baton.transfer.call.WorkerCall;
import dev.baton.transfer.call.WorkerCalls;
import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.exchange.CallErrors;
import dev.baton.transfer.exchange.SingleLegExchange;
import dev.baton.transfer.handoff.HandoffContext;
import dev.baton.transfer.handoff.HandoffCounters;
import dev.baton.transfer.handoff.KvHandle;
import dev.baton.transfer.handoff.PrefillFailurePolicy;
import dev.baton.transfer.handoff.PromptPartsMerge;
import dev.baton.transfer.handoff.SequentialDialect;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.relay.RelayOutcome;
import dev.baton.transfer.retry.RetryRule;
import dev.baton.transfer.upstream.UpstreamRequest;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * The sequential protocol (NIXL, LMCache): executes a split {@link RoutingPlan} as the prefill leg (with retries), then the decode leg with the
 * KV handle, its answer relayed to the client. When prefill yields nothing usable the request falls
 * back to decode alone (or fails, per the pool's policy); a prefill 400-451 is the client's error and
 * is returned as is. A client that leaves aborts the running leg; if it leaves between the legs, the
 * handle is consumed by a one-token decode so the prefill worker frees its blocks at once. Every leg,
 * the merged non-streaming decode and the release included, goes through the worker-call stack; a
 * decode whose worker fails before the client's first byte goes on, with the same handle, to another
 * decode endpoint (counted as a decode retry) rather than back to prefill.
 */
final class Sequential {

  /** A non-streaming answer merged with prompt parts is held whole, like any non-streaming reply. */
  private static final long MAX_MERGED_ANSWER_BYTES = 64L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final System.Logger LOG = System.getLogger(Sequential.class.getName());

  private final Aggregated alone;
  private final WorkerCalls calls;
  private final WorkerCall<HttpAnswer> whole;
  private final HandoffCounters counters;
  private final PrefillLeg prefill;

  Sequential(SingleLegExchange single, Aggregated alone, HandoffCounters counters) {
    this.alone = alone;
    this.calls = single.calls();
    this.whole = calls.stack(new WholeAnswer(MAX_MERGED_ANSWER_BYTES));
    this.counters = counters;
    this.prefill = new PrefillLeg(calls, counters);
  }

  /** Runs both legs of a split plan; never fails: the client always gets an answer or was gone. */
  Future<RelayOutcome> run(Downstream down, ExchangeRequest request, RoutingPlan plan,
      SequentialDialect dialect) {
    HandoffContext context = request.context(plan);
    MultiMap headers;
    try {
      headers = request.headersWith(dialect.legHeaders(context));
    } catch (IllegalStateException e) {
      return new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, e.getMessage())
          .toError(down.requestId()).send(down.response()).map(RelayOutcome.UPSTREAM_FAILED);
    }
    Split split = new Split(request, context, dialect, plan.decode(), headers);
    long prefillStart = System.nanoTime();
    return prefill
        .run(down, request, dialect.prefillBytes(context, request.clientBytes()), headers, dialect,
            plan)
        .compose(outcome -> {
          down.listener().onPrefillEnd(System.nanoTime() - prefillStart, outcome.result());
          return afterPrefill(down, split, outcome);
        });
  }

  /**
   * One split request on its way: what the steps after the prefill share.
   *
   * @param headers what every leg of this request carries: the shared headers and the dialect's
   */
  private record Split(ExchangeRequest request, HandoffContext context, SequentialDialect dialect,
      EndpointState decode, MultiMap headers) {

    /** Another decode endpoint for the same handle, unless the dialect's legs name the worker. */
    Failover decodeFailover() {
      return dialect.bindsEndpoints() ? Failover.NONE : Aggregated.decodeFailover(request);
    }
  }

  private Future<RelayOutcome> afterPrefill(Downstream down, Split split, PrefillOutcome outcome) {
    ExchangeRequest request = split.request();
    return switch (outcome) {
      case PrefillOutcome.Cancelled c -> {
        counters.cancelledInPrefill();
        yield Future.succeededFuture(RelayOutcome.CLIENT_GONE);
      }
      case PrefillOutcome.Refused refused -> {
        counters.prefillClientError();
        // The worker's 4xx reached the client whole: relayed, so the client's status classifies it.
        yield CallErrors.passOn(down, refused.answer()).map(RelayOutcome.COMPLETED);
      }
      case PrefillOutcome.Failed failed -> {
        if (request.policy().onPrefillFailure() == PrefillFailurePolicy.FAIL
            || split.dialect().bindsEndpoints()) {
          yield failed.failure().toError(down.requestId()).send(down.response())
              .map(RelayOutcome.UPSTREAM_FAILED);
        }
        counters.decodeFallback();
        LOG.log(System.Logger.Level.DEBUG, "request {0}: prefill failed ({1}), decode serves alone",
            down.requestId(), failed.failure().getMessage());
        yield alone.run(down, request, split.decode());
      }
      case PrefillOutcome.NoHandle noHandle -> {
        LOG.log(System.Logger.Level.DEBUG, "request {0}: prefill answer has no usable handle",
            down.requestId());
        counters.missingHandle();
        if (split.dialect().bindsEndpoints()) {
          yield new UpstreamFailure(UpstreamFailure.Kind.BAD_ANSWER,
              "prefill worker answered without a usable handle").toError(down.requestId())
              .send(down.response()).map(RelayOutcome.UPSTREAM_FAILED);
        }
        counters.decodeFallback();
        yield alone.run(down, request, split.decode());
      }
      case PrefillOutcome.HandedOff handedOff -> decode(down, split, handedOff);
    };
  }

  private Future<RelayOutcome> decode(Downstream down, Split split, PrefillOutcome.HandedOff prefilled) {
    ExchangeRequest request = split.request();
    EndpointState decode = split.decode();
    if (down.gone()) {
      counters.cancelledBetweenLegs();
      release(split, prefilled.handle());
      return Future.succeededFuture(RelayOutcome.CLIENT_GONE);
    }
    counters.handoff();
    UpstreamRequest leg = UpstreamRequest.post(request.kind().path(), split.headers(),
        split.dialect().decodeBytes(split.context(), prefilled.handle(), request.clientBytes()));
    down.listener().onDecodeStart();
    if (!request.stream() && request.wantsPromptParts()) {
      return mergedDecode(down, split, leg, prefilled.answer());
    }
    CallRequest call = new CallRequest(leg, request.scheduling().tokenFootprint(), request.workers(),
        down, split.decodeFailover(), calls.retryRule(request.workers()), () -> {
          // The client left while the decode still waited for a connection: nobody will pull the blocks.
          counters.cancelledBetweenLegs();
          release(split, prefilled.handle());
        });
    return CallErrors.relayed(down, calls.run(countingRetries(calls.relayed()), call, decode));
  }

  /**
   * The decode stack, counting each attempt after the first: the same handle sent to another decode
   * endpoint (the call stack's failover, before the client's first byte) rather than a new prefill.
   */
  private <T> WorkerCall<T> countingRetries(WorkerCall<T> stack) {
    int[] attempts = {0};
    return attempt -> {
      if (attempts[0]++ > 0) {
        counters.decodeRetry();
      }
      return stack.attempt(attempt);
    };
  }

  /** A non-streaming decode whose answer needs the prefill's prompt parts merged in. */
  private Future<RelayOutcome> mergedDecode(Downstream down, Split split, UpstreamRequest leg,
      ObjectNode prefillAnswer) {
    ExchangeRequest request = split.request();
    CallRequest call = new CallRequest(leg, request.scheduling().tokenFootprint(), request.workers(),
        down, split.decodeFailover(), calls.retryRule(request.workers()), () -> {});
    return calls.run(countingRetries(whole), call, split.decode())
        .compose(end -> end instanceof AttemptEnd.Answered<HttpAnswer> answered
            ? CallErrors.passOn(down, merge(answered.value(), prefillAnswer, request)).map(RelayOutcome.COMPLETED)
            : CallErrors.answer(down, end))
        .otherwise(RelayOutcome.UPSTREAM_FAILED);
  }

  private static HttpAnswer merge(HttpAnswer decodeAnswer, ObjectNode prefillAnswer,
      ExchangeRequest request) {
    if (decodeAnswer.status() != 200 || prefillAnswer == null) {
      return decodeAnswer;
    }
    try {
      JsonNode json = JSON.readTree(decodeAnswer.body().getBytes());
      if (!(json instanceof ObjectNode decoded)) {
        return decodeAnswer;
      }
      boolean echo = request.clientBody().path("echo").asBoolean(false);
      ObjectNode merged = PromptPartsMerge.merge(prefillAnswer, decoded, echo);
      return new HttpAnswer(200, decodeAnswer.headers(), Buffer.buffer(merged.toString()));
    } catch (IOException e) {
      return decodeAnswer;
    }
  }

  /**
   * Consumes a handle nobody will read, so the prefill worker frees its blocks now rather than at
   * its transfer timeout. Best effort, with no client to wait for it: a failure only means the
   * worker's own timeout frees them, but it still counts against the decode worker's breaker.
   */
  private void release(Split split, KvHandle handle) {
    ExchangeRequest request = split.request();
    split.dialect()
        .releaseBody(split.context(), handle)
        .ifPresent(body -> {
          counters.release();
          UpstreamRequest leg = UpstreamRequest.post(request.kind().path(), split.headers(),
              Buffer.buffer(body.toString()));
          calls.run(whole, CallRequest.detached(leg, request.scheduling().promptTokensEstimate() + 1L,
              request.workers(), split.decodeFailover(), RetryRule.FAIL_OVER_ONLY),
              split.decode());
        });
  }
}
