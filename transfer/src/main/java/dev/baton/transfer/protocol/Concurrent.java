package dev.baton.transfer.protocol;

import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.transfer.call.AttemptEnd;
import dev.baton.transfer.call.CallRequest;
import dev.baton.transfer.call.Failover;
import dev.baton.transfer.call.HttpAnswer;
import dev.baton.transfer.call.Leg;
import dev.baton.transfer.call.WholeAnswer;
import dev.baton.transfer.call.WorkerCall;
import dev.baton.transfer.call.WorkerCalls;
import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.exchange.CallErrors;
import dev.baton.transfer.handoff.ConcurrentDialect;
import dev.baton.transfer.handoff.HandoffContext;
import dev.baton.transfer.handoff.HandoffCounters;
import dev.baton.transfer.handoff.PrefillFailurePolicy;
import dev.baton.transfer.handoff.PrefillLookups;
import dev.baton.transfer.handoff.PrefillResult;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.relay.RelayOutcome;
import dev.baton.transfer.retry.RetryRule;
import dev.baton.transfer.upstream.UpstreamRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.UUID;

/**
 * The concurrent protocol (SGLang's bootstrap, Mooncake): both legs are sent at once, joined by a
 * rendezvous id Baton mints per request, once the dialect has learned what it needs of the prefill
 * worker ({@code prepare}); the decode's answer is relayed to the client; when either
 * leg fails, the other is aborted. Neither leg fails over or retries, because the rendezvous binds
 * the pair: a decode waiting for one prefill would be stranded by a prefill sent elsewhere. For the
 * same reason a failed prefill fails the request instead of falling back to decode alone.
 */
final class Concurrent {

  /** The prefill's answer is read whole and dropped; it is one token at most. */
  private static final long MAX_PREFILL_ANSWER_BYTES = 32L * 1024 * 1024;

  private static final System.Logger LOG = System.getLogger(Concurrent.class.getName());

  private final WorkerCalls calls;
  private final WorkerCall<HttpAnswer> prefillStack;
  private final Aggregated alone;
  private final HandoffCounters counters;
  private final PrefillLookups lookups;

  Concurrent(WorkerCalls calls, Aggregated alone, HandoffCounters counters, PrefillLookups lookups) {
    this.calls = calls;
    this.prefillStack = calls.stack(new WholeAnswer(MAX_PREFILL_ANSWER_BYTES));
    this.alone = alone;
    this.counters = counters;
    this.lookups = lookups;
  }

  Future<RelayOutcome> run(Downstream down, ExchangeRequest request, RoutingPlan plan,
      ConcurrentDialect dialect) {
    long start = System.nanoTime();
    return dialect.prepare(request.context(plan), lookups).transform(prepared -> prepared.succeeded()
        ? pair(down, request, plan, dialect, prepared.result(), start)
        : unprepared(down, request, plan, prepared.cause(), start));
  }

  /** Sends both legs of a prepared pair. */
  private Future<RelayOutcome> pair(Downstream down, ExchangeRequest request, RoutingPlan plan,
      ConcurrentDialect dialect, HandoffContext context, long start) {
    String rendezvous = UUID.randomUUID().toString();
    PartnerLeg prefillSide = new PartnerLeg();
    PartnerLeg decodeSide = new PartnerLeg();
    Future<AttemptEnd<HttpAnswer>> prefill = calls.run(prefillSide.around(prefillStack),
        leg(request, dialect.prefillBytes(context, rendezvous, request.clientBytes()),
            request.scheduling().promptTokensEstimate() + 1L, down)
            .as(Leg.PREFILL),
        plan.prefill());
    down.listener().onDecodeStart();
    Future<AttemptEnd<RelayOutcome>> decode = calls.run(decodeSide.around(calls.relayed()),
        leg(request, dialect.decodeBytes(context, rendezvous, request.clientBytes()),
            request.scheduling().tokenFootprint(), down),
        plan.decode());
    prefill.onSuccess(end -> {
      PrefillResult result = result(end);
      down.listener().onPrefillEnd(System.nanoTime() - start, result);
      switch (result) {
        case HANDED_OFF -> counters.handoff();
        case CANCELLED -> {
          if (!prefillSide.cancelled()) {
            counters.cancelledInPrefill();
          }
        }
        default -> {
          counters.prefillFailure();
          // What was learned of it (bootstrap port, engine id) may be what made it fail.
          lookups.forget(plan.prefill().id());
          decodeSide.cancel("the prefill leg failed");
        }
      }
    });
    decode.onSuccess(end -> {
      if (failed(end)) {
        prefillSide.cancel("the decode leg failed");
      }
    });
    return decode
        .compose(end -> switch (end) {
          case AttemptEnd.Answered<RelayOutcome> answered -> Future.succeededFuture(answered.value());
          case AttemptEnd.Cancelled<RelayOutcome> c when decodeSide.cancelled() && !down.gone() ->
              prefill.compose(p -> prefillError(down, p));
          default -> CallErrors.answer(down, end);
        })
        .otherwise(RelayOutcome.UPSTREAM_FAILED);
  }

  /**
   * A pair that could not be prepared (the prefill's bootstrap server did not answer) was never
   * sent: like a prefill that failed before its first byte, the decode serves alone, or the client
   * gets the error when the pool's {@code onPrefillFailure} is {@code fail}.
   */
  private Future<RelayOutcome> unprepared(Downstream down, ExchangeRequest request, RoutingPlan plan,
      Throwable cause, long start) {
    down.listener().onPrefillEnd(System.nanoTime() - start, PrefillResult.FAILED);
    counters.prefillFailure();
    LOG.log(System.Logger.Level.DEBUG, "request {0}: the pair could not be prepared ({1})",
        down.requestId(), cause.getMessage());
    if (request.policy().onPrefillFailure() == PrefillFailurePolicy.FAIL) {
      return new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE,
          "prefill worker " + plan.prefill().id() + ": " + cause.getMessage())
          .toError(down.requestId()).send(down.response()).map(RelayOutcome.UPSTREAM_FAILED);
    }
    counters.decodeFallback();
    return alone.run(down, request, plan.decode());
  }

  private static CallRequest leg(ExchangeRequest request, Buffer body, long tokens, Downstream down) {
    return new CallRequest(
        UpstreamRequest.post(request.kind().path(), request.headers(), body),
        tokens, request.workers(), down, Failover.NONE, RetryRule.FAIL_OVER_ONLY, () -> {});
  }

  private static PrefillResult result(AttemptEnd<HttpAnswer> end) {
    return switch (end) {
      case AttemptEnd.Answered<HttpAnswer> a when a.value().status() / 100 == 2 -> PrefillResult.HANDED_OFF;
      case AttemptEnd.Answered<HttpAnswer> a when a.value().status() >= 400 && a.value().status() <= 451 ->
          PrefillResult.CLIENT_ERROR;
      case AttemptEnd.Cancelled<HttpAnswer> c -> PrefillResult.CANCELLED;
      default -> PrefillResult.FAILED;
    };
  }

  /** A decode that failed the request: the prefill has nothing to hand to anyone any more. */
  private static boolean failed(AttemptEnd<RelayOutcome> end) {
    return switch (end) {
      case AttemptEnd.Answered<RelayOutcome> a -> a.verdict() == AttemptEnd.Verdict.FAILING;
      case AttemptEnd.Cancelled<RelayOutcome> c -> false;
      default -> true;
    };
  }

  /** The client's answer when the prefill's failure cancelled the decode. */
  private static Future<RelayOutcome> prefillError(Downstream down, AttemptEnd<HttpAnswer> end) {
    if (end instanceof AttemptEnd.Answered<HttpAnswer> answered) {
      // The worker's own answer reached the client whole: its status says whose fault it was.
      return CallErrors.passOn(down, answered.value()).map(RelayOutcome.COMPLETED);
    }
    return CallErrors.answer(down, end);
  }
}
