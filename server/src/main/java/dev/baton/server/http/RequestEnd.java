package dev.baton.server.http;

import dev.baton.server.metrics.RequestOutcome;
import dev.baton.server.metrics.RequestRecord;
import dev.baton.server.metrics.Usage;
import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.relay.RelayOutcome;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * How a request the front door took ended. A handler's steps each return one, and the handler
 * records it at a single place ({@link #record}), whichever step ended the request.
 */
sealed interface RequestEnd {

  /** Refused before any worker saw it: {@code error} is still to be sent. */
  record Refused(OpenAiError error, RequestOutcome outcome) implements RequestEnd {}

  /** Refused by a guard that already answered (admission's 429). */
  record Answered(int status, RequestOutcome outcome) implements RequestEnd {}

  /** Sent to workers; {@code relay} says how the answer reached the client. */
  record Exchanged(RelayOutcome relay) implements RequestEnd {}

  static Future<RequestEnd> refuse(OpenAiError error, RequestOutcome outcome) {
    return Future.succeededFuture(new Refused(error, outcome));
  }

  /** Records the end (status, outcome) and sends a refusal's error; the one exit of a request. */
  static void record(RoutingContext ctx, RequestRecord rec, AsyncResult<RequestEnd> ar) {
    RequestEnd end = ar.succeeded() ? ar.result() : new Exchanged(RelayOutcome.UPSTREAM_FAILED);
    switch (end) {
      case Refused r -> {
        rec.onEnd(r.error().status(), r.outcome(), Usage.UNKNOWN);
        r.error().send(ctx.response());
      }
      case Answered a -> rec.onEnd(a.status(), a.outcome(), Usage.UNKNOWN);
      case Exchanged e -> {
        int status = ctx.response().getStatusCode();
        rec.onEnd(status, RequestOutcome.of(e.relay(), status), Usage.UNKNOWN);
      }
    }
  }
}
