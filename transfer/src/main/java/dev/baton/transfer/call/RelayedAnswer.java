package dev.baton.transfer.call;

import dev.baton.transfer.call.AttemptEnd.Verdict;
import dev.baton.transfer.relay.RelayOutcome;
import dev.baton.transfer.relay.ResponseRelay;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;

/**
 * Streams the answer to the client as it arrives, with the request's idle timeout. A 5xx relayed
 * whole still counts against the worker.
 */
final class RelayedAnswer implements AnswerReader<RelayOutcome> {
  private final ResponseRelay relay;

  RelayedAnswer(ResponseRelay relay) {
    this.relay = relay;
  }

  @Override
  public Future<AttemptEnd<RelayOutcome>> read(Attempt a, HttpClientResponse response) {
    boolean serverError = response.statusCode() >= 500;
    return relay.relay(a.call(), response, a.request().down(), a.policy().timeouts().idle())
        .map(outcome -> new AttemptEnd.Answered<>(outcome, serverError ? Verdict.FAILING : switch (outcome) {
          case COMPLETED -> Verdict.HEALTHY;
          case UPSTREAM_FAILED -> Verdict.FAILING;
          case CLIENT_GONE, INTERRUPTED -> Verdict.UNKNOWN;
        }));
  }
}
