package dev.baton.transfer.exchange;

import dev.baton.transfer.call.AttemptEnd;
import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.relay.RelayOutcome;
import io.vertx.core.Future;

/** The client's answer when a call to a worker ended without one to pass on. */
public final class CallErrors {

  private CallErrors() {}

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
