package dev.baton.transfer.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.scheduling.Phase;
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
import dev.baton.transfer.handoff.AnswerScan;
import dev.baton.transfer.handoff.HandoffCounters;
import dev.baton.transfer.handoff.SequentialDialect;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.retry.RetryDecision;
import dev.baton.transfer.retry.RetryRule;
import dev.baton.transfer.upstream.UpstreamRequest;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.HashSet;
import java.util.Set;

/**
 * Runs the prefill leg of one split request through the worker-call stack: sends the dialect's
 * prefill body, tries up to the pool's {@code prefillRetries} other prefill workers after a failure
 * (no budget: a failed prefill only costs a decode that prefills itself; none when the dialect binds
 * the pair's endpoints), and extracts the KV handle.
 */
final class PrefillLeg {

  /** A prefill answer is one token plus, at most, prompt logprobs. */
  private static final long MAX_ANSWER_BYTES = 32L * 1024 * 1024;

  private final WorkerCalls calls;
  private final WorkerCall<HttpAnswer> stack;
  private final HandoffCounters counters;

  PrefillLeg(WorkerCalls calls, HandoffCounters counters) {
    this.calls = calls;
    this.stack = calls.stack(new WholeAnswer(MAX_ANSWER_BYTES));
    this.counters = counters;
  }

  Future<PrefillOutcome> run(Downstream down, ExchangeRequest request, Buffer body,
      MultiMap headers, SequentialDialect dialect, RoutingPlan plan) {
    String decodeId = plan.decode().id();
    UpstreamRequest leg = UpstreamRequest.post(request.kind().path(), headers, body);
    // A dialect whose legs name both workers cannot move its prefill elsewhere.
    boolean bound = dialect.bindsEndpoints();
    RetryRule retries = RetryRule.anyFailure(bound ? 0 : request.policy().prefillRetries());
    RetryRule counted = (retriesDone, cause) -> {
      RetryDecision decision = retries.decide(retriesDone, cause);
      if (decision instanceof RetryDecision.Retry) {
        counters.prefillFailure();
        counters.prefillRetry();
      }
      return decision;
    };
    CallRequest call = new CallRequest(leg, request.scheduling().promptTokensEstimate() + 1L,
        request.workers(), down,
        bound ? Failover.NONE : tried -> {
          Set<String> excluded = new HashSet<>(tried);
          excluded.add(decodeId);
          return request.scheduler().pick(Phase.PREFILL, request.scheduling(), request.pool(), excluded);
        },
        counted, () -> {}, Leg.PREFILL);
    return calls.run(stack, call, plan.prefill()).map(end -> {
      // Only a merged non-streaming answer needs the prefill's tree (its prompt parts).
      boolean tree = !request.stream() && request.wantsPromptParts();
      PrefillOutcome outcome = outcome(dialect, end, tree);
      if (outcome instanceof PrefillOutcome.Failed) {
        counters.prefillFailure();
      }
      return outcome;
    });
  }

  private static PrefillOutcome outcome(SequentialDialect dialect, AttemptEnd<HttpAnswer> end,
      boolean tree) {
    return switch (end) {
      case AttemptEnd.Answered<HttpAnswer> answered -> classify(dialect, answered.value(), tree);
      case AttemptEnd.Failed<HttpAnswer> failed -> new PrefillOutcome.Failed(failed.failure());
      case AttemptEnd.Refused<HttpAnswer> refused -> new PrefillOutcome.Failed(new UpstreamFailure(
          UpstreamFailure.Kind.UNREACHABLE, "prefill worker " + refused.endpointId() + " circuit open"));
      case AttemptEnd.Cancelled<HttpAnswer> cancelled -> new PrefillOutcome.Cancelled();
    };
  }

  /** @param tree keep the answer's tree for the outcome; without it the dialect reads only the handle */
  private static PrefillOutcome classify(SequentialDialect dialect, HttpAnswer answer, boolean tree) {
    int status = answer.status();
    if (status >= 400 && status <= 451) {
      return new PrefillOutcome.Refused(answer);
    }
    if (status < 200 || status >= 300) {
      return new PrefillOutcome.Failed(new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE,
          "prefill worker answered " + status));
    }
    if (!tree) {
      return dialect.handle(answer.body().getBytes())
          .<PrefillOutcome>map(handle -> new PrefillOutcome.HandedOff(null, handle))
          .orElseGet(() -> new PrefillOutcome.NoHandle(null));
    }
    ObjectNode object = AnswerScan.tree(answer.body().getBytes());
    if (object == null) {
      return new PrefillOutcome.NoHandle(null);
    }
    return dialect.handle(object)
        .<PrefillOutcome>map(handle -> new PrefillOutcome.HandedOff(object, handle))
        .orElseGet(() -> new PrefillOutcome.NoHandle(object));
  }
}
