package dev.baton.transfer.exchange;

import dev.baton.transfer.call.AttemptEnd;
import dev.baton.transfer.call.HttpAnswer;
import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.error.WorkerErrorBodies;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.relay.RelayOutcome;
import dev.baton.transfer.upstream.RelayedHeaders;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import java.util.Optional;

/** The client's answer when a call to a worker ended, other than relayed as it arrived. */
public final class CallErrors {

  private CallErrors() {}

  /**
   * Passes on a worker's answer read whole: status, relayed headers and body as they came, except an
   * error body the client must not see, replaced by {@link WorkerErrorBodies}.
   */
  public static Future<Void> passOn(Downstream down, HttpAnswer answer) {
    HttpServerResponse response = down.response();
    if (down.gone() || response.headWritten()) {
      return Future.succeededFuture();
    }
    response.putHeader("x-request-id", down.requestId());
    Optional<OpenAiError> replacement = answer.status() >= 400
        ? WorkerErrorBodies.replacement(answer.status(), answer.body()) : Optional.empty();
    if (replacement.isPresent()) {
      return replacement.get().send(response);
    }
    down.listener().onWholeAnswer(answer.status(), answer.body());
    response.setStatusCode(answer.status());
    RelayedHeaders.copy(answer.headers(), response.headers());
    return response.end(answer.body());
  }

  /**
   * The outcome of a relayed call: the relay's own when a worker answered, else the error the
   * client was sent for how the call ended. Never fails.
   */
  public static Future<RelayOutcome> relayed(Downstream down, Future<AttemptEnd<RelayOutcome>> ended) {
    // One transformation: an answered call (nearly every one) costs no compose and otherwise.
    return ended.transform(ar -> {
      if (ar.succeeded() && ar.result() instanceof AttemptEnd.Answered<RelayOutcome> answered) {
        return Future.succeededFuture(answered.value());
      }
      try {
        return ar.failed()
            ? Future.succeededFuture(RelayOutcome.UPSTREAM_FAILED)
            : answer(down, ar.result()).otherwise(RelayOutcome.UPSTREAM_FAILED);
      } catch (RuntimeException e) {
        return Future.succeededFuture(RelayOutcome.UPSTREAM_FAILED);
      }
    });
  }

  /**
   * Sends the error of a call that ended {@code end} (not answered): 502 or 504 for a failure, 503
   * for an open breaker; nothing for a client that left.
   */
  public static Future<RelayOutcome> answer(Downstream down, AttemptEnd<?> end) {
    return switch (end) {
      case AttemptEnd.Cancelled<?> c -> Future.succeededFuture(RelayOutcome.CLIENT_GONE);
      case AttemptEnd.Failed<?> f ->
          f.failure().toError(down.requestId()).send(down.response()).map(RelayOutcome.UPSTREAM_FAILED);
      case AttemptEnd.Refused<?> r ->
          // The endpoint's name stays in Baton's metrics: clients learn nothing of the fleet.
          new OpenAiError(503, "No worker is available right now (circuit open)",
                  "service_unavailable", null, "circuit_open")
              .send(down.response()).map(RelayOutcome.UPSTREAM_FAILED);
      case AttemptEnd.Answered<?> a ->
          throw new IllegalArgumentException("an answered call has its own answer");
    };
  }
}
