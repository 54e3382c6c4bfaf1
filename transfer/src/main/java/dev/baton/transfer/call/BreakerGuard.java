package dev.baton.transfer.call;

import dev.baton.transfer.breaker.BreakerPermit;
import dev.baton.transfer.breaker.EndpointBreakers;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Passes an attempt through its endpoint's circuit breaker, built with the breaker settings of the
 * request's policy, and reports how it ended: an answer by its verdict, a failure as a failure, a
 * client that left as no verdict.
 *
 * <p>A layer of the worker-call stack: {@code next} is the rest of it, down to the send.
 */
record BreakerGuard<T>(EndpointBreakers breakers, WorkerCall<T> next) implements WorkerCall<T> {

  @Override
  public Future<AttemptEnd<T>> attempt(Attempt a) {
    Optional<BreakerPermit> permit = breakers.tryAcquire(a.endpoint(), a.policy().breaker());
    if (permit.isEmpty()) {
      return Future.succeededFuture(new AttemptEnd.Refused<>(a.endpoint().id()));
    }
    BreakerPermit p = permit.get();
    Future<AttemptEnd<T>> end = next.attempt(a);
    a.onEnd(ended -> {
      switch (ended) {
        case AttemptEnd.Answered<?> answered -> {
          switch (answered.verdict()) {
            case HEALTHY -> p.success();
            case FAILING -> p.failure(new IllegalStateException(
                "worker " + a.endpoint().id() + " failed its answer"));
            case UNKNOWN -> p.release();
          }
        }
        case AttemptEnd.Failed<?> failed -> p.failure(failed.failure());
        case AttemptEnd.Refused<?> refused -> p.release();
        case AttemptEnd.Cancelled<?> cancelled -> p.release();
      }
    });
    return end;
  }
}
