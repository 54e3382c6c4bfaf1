package dev.baton.transfer.call;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.retry.RetryCause;
import dev.baton.transfer.retry.RetryDecision;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the attempts of one call: each failed attempt is offered to the request's
 * {@link dev.baton.transfer.retry.RetryRule}, which may send it to another endpoint of the
 * {@link Failover}, never one already tried and never once the client has received a byte.
 */
final class RetryingCall<T> {
  private final Vertx vertx;
  private final WorkerCall<T> stack;
  private final CallRequest request;
  /** Endpoints tried; a list (read only when a retry is decided), not a set hashed per attempt. */
  private final List<String> tried = new ArrayList<>(2);
  /** The call's end: one promise for all its attempts, not a chain of futures per attempt. */
  private final Promise<AttemptEnd<T>> result = Promise.promise();
  private int retriesDone;
  /** A decision taken while an attempt ran (on a 5xx's headers), with the endpoint it chose. */
  private RetryDecision pending;
  private EndpointState pendingNext;

  RetryingCall(Vertx vertx, WorkerCall<T> stack, CallRequest request) {
    this.vertx = vertx;
    this.stack = stack;
    this.request = request;
  }

  Future<AttemptEnd<T>> start(EndpointState first) {
    request.retry().started();
    attempt(first);
    return result.future();
  }

  private void attempt(EndpointState endpoint) {
    if (request.clientGone()) {
      request.abandonedUnsent().run();
      result.complete(new AttemptEnd.Cancelled<>());
      return;
    }
    tried.add(endpoint.id());
    pending = null;
    Attempt a = new Attempt(request, endpoint, this::retryWanted);
    stack.attempt(a).onComplete(ar -> ended(a, ar.succeeded()
        ? ar.result()
        : AttemptEnd.failed(UpstreamFailure.of(ar.cause()), a.call().sent())));
  }

  /** The attempt's decorators hear how it ended, then the client side's listener, then the rule. */
  private void ended(Attempt a, AttemptEnd<T> end) {
    a.ended(end);
    report(a, end);
    after(end);
  }

  /** Tells the client side's listener how the attempt ended (a detached call has none). */
  private void report(Attempt a, AttemptEnd<T> end) {
    if (request.down() == null) {
      return;
    }
    Future<HttpClientResponse> head = a.call().response();
    int status = head.succeeded() ? head.result().statusCode() : 0;
    request.down().listener().onAttempt(
        new AttemptReport(request.leg(), a.endpoint().id(), AttemptOutcome.of(end, status), status));
  }

  /** Ends the call with {@code end}, or starts the next attempt the retry rule decides on. */
  private void after(AttemptEnd<T> end) {
    RetryDecision decision;
    switch (end) {
      case AttemptEnd.Answered<T> answered -> {
        result.complete(end);
        return;
      }
      case AttemptEnd.Cancelled<T> cancelled -> {
        result.complete(end);
        return;
      }
      case AttemptEnd.Refused<T> refused -> decision = decide(new RetryCause.BreakerOpen(refused.endpointId()));
      case AttemptEnd.Failed<T> failed -> {
        if (request.clientGone()) {
          // Our own abort after the client left may surface as any failure: nobody to answer.
          result.complete(new AttemptEnd.Cancelled<>());
          return;
        }
        decision = pending != null ? pending : decide(new RetryCause.Failure(failed.failure(), failed.sent()));
      }
    }
    EndpointState next = pendingNext;
    switch (decision) {
      case RetryDecision.GiveUp g -> result.complete(end);
      case RetryDecision.FailOver f -> attempt(next);
      case RetryDecision.Retry r -> {
        retriesDone++;
        long ms = r.delay().toMillis();
        if (ms <= 0) {
          attempt(next);
        } else {
          vertx.setTimer(ms, id -> attempt(next));
        }
      }
    }
  }

  private boolean retryWanted(RetryCause cause) {
    pending = decide(cause);
    return !(pending instanceof RetryDecision.GiveUp);
  }

  private RetryDecision decide(RetryCause cause) {
    pendingNext = null;
    if (request.clientGone() || request.clientAnswered()) {
      return RetryDecision.GIVE_UP;
    }
    Optional<EndpointState> next = request.failover().next(Set.copyOf(tried));
    if (next.isEmpty()) {
      return RetryDecision.GIVE_UP;
    }
    RetryDecision decision = request.retry().decide(retriesDone, cause);
    pendingNext = next.get();
    return decision;
  }
}
