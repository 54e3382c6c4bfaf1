package dev.baton.transfer.relay;

import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.error.WorkerErrorBodies;
import dev.baton.transfer.upstream.BoundedBody;
import dev.baton.transfer.upstream.RelayedHeaders;
import dev.baton.transfer.upstream.UpstreamCall;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A worker's error answer (status 400 and up): read whole, at most
 * {@link WorkerErrorBodies#MAX_ERROR_BODY_BYTES} and within the idle timeout, then sent as it is
 * when OpenAI-shaped, or replaced by a generic error with the same status (the detail logged with
 * the request id). Unlike a success, an error is short, so holding it whole costs little.
 */
final class ErrorAnswerRelay {
  private static final System.Logger LOG = System.getLogger(ErrorAnswerRelay.class.getName());

  private ErrorAnswerRelay() {}

  static Future<RelayOutcome> relay(Vertx vertx, Duration idleTimeout, UpstreamCall call,
      HttpClientResponse upstream, Downstream down) {
    int status = upstream.statusCode();
    long timer = vertx.setTimer(Math.max(1, idleTimeout.toMillis()), id -> call.abort(
        new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT,
            "worker error body not complete within " + idleTimeout)));
    return BoundedBody.read(call, upstream, WorkerErrorBodies.MAX_ERROR_BODY_BYTES)
        .transform(ar -> {
          vertx.cancelTimer(timer);
          HttpServerResponse response = down.response();
          if (down.gone() || response.headWritten()) {
            return Future.succeededFuture(RelayOutcome.CLIENT_GONE);
          }
          response.putHeader(Downstream.REQUEST_ID, down.requestId());
          Optional<OpenAiError> replacement = ar.succeeded()
              ? WorkerErrorBodies.replacement(status, ar.result())
              : Optional.of(WorkerErrorBodies.generic(status));
          if (replacement.isPresent()) {
            LOG.log(System.Logger.Level.WARNING,
                "request {0}: worker answered {1} with {2}; the client got a generic error",
                down.requestId(), status, ar.succeeded()
                    ? describe(upstream.getHeader("content-type"), ar.result())
                    : ar.cause().getMessage());
            return replacement.get().send(response).map(RelayOutcome.COMPLETED);
          }
          response.setStatusCode(status);
          RelayedHeaders.copy(upstream.headers(), response.headers());
          response.putHeader(Downstream.REQUEST_ID, down.requestId());
          return response.end(ar.result()).map(RelayOutcome.COMPLETED);
        });
  }

  /** What the operator needs to find the cause: the type, the size and how the body starts. */
  private static String describe(String contentType, Buffer body) {
    String start = body.getString(0, Math.min(body.length(), 200)).replaceAll("\\s+", " ");
    return body.length() + " bytes of " + contentType + ": " + start;
  }
}
