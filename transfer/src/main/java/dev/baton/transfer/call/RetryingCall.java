package dev.baton.transfer.call;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.transfer.retry.RetryCause;
import dev.baton.transfer.retry.RetryDecision;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.HashSet;
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
  private final Set<String> tried = new HashSet<>();
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
    return attempt(first);
  }

  private Future<AttemptEnd<T>> attempt(EndpointState endpoint) {
    if (request.clientGone()) {
      request.abandonedUnsent().run();
      return Future.succeededFuture(new AttemptEnd.Cancelled<>());
    }
    tried.add(endpoint.id());
    pending = null;
    Attempt a = new Attempt(request, endpoint, this::retryWanted);
    return stack.attempt(a)
        .recover(err -> Future.succeededFuture(
            AttemptEnd.failed(dev.baton.transfer.error.UpstreamFailure.of(err), a.call().sent())))
        .onSuccess(end -> report(a, end))
        .compose(this::after);
  }

  /** Tells the client side's listener how the attempt ended (a detached call has none). */
  private void report(Attempt a, AttemptEnd<T> end) {
    if (request.down() == null) {
      return;
    }
    Future<io.vertx.core.http.HttpClientResponse> head = a.call().response();
    int status = head.succeeded() ? head.result().statusCode() : 0;
    request.down().listener().onAttempt(
        new AttemptReport(request.leg(), a.endpoint().id(), AttemptOutcome.of(end, status), status));
  }

  private Future<AttemptEnd<T>> after(AttemptEnd<T> end) {
    RetryDecision decision;
    switch (end) {
      case AttemptEnd.Answered<T> answered -> {
        return Future.succeededFuture(end);
      }
      case AttemptEnd.Cancelled<T> cancelled -> {
        return Future.succeededFuture(end);
      }
      case AttemptEnd.Refused<T> refused -> decision = decide(new RetryCause.BreakerOpen(refused.endpointId()));
      case AttemptEnd.Failed<T> failed -> {
        if (request.clientGone()) {
          // Our own abort after the client left may surface as any failure: nobody to answer.
          return Future.succeededFuture(new AttemptEnd.Cancelled<>());
        }
        decision = pending != null ? pending : decide(new RetryCause.Failure(failed.failure(), failed.sent()));
      }
    }
    EndpointState next = pendingNext;
    return switch (decision) {
      case RetryDecision.GiveUp g -> Future.succeededFuture(end);
      case RetryDecision.FailOver f -> attempt(next);
      case RetryDecision.Retry r -> {
        retriesDone++;
        long ms = r.delay().toMillis();
        if (ms <= 0) {
          yield attempt(next);
        }
        Promise<Void> wait = Promise.promise();
        vertx.setTimer(ms, id -> wait.complete());
        yield wait.future().compose(v -> attempt(next));
      }
    };
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
