package dev.baton.server.limits;

import dev.baton.transfer.error.OpenAiError;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers requests the HTTP decoder could not read (a header or request line past Vert.x's hard
 * limits, garbage instead of HTTP) in OpenAI's error shape rather than Vert.x's bare status; Vert.x
 * closes the connection afterwards.
 */
public final class InvalidRequests implements Handler<HttpServerRequest> {

  @Override
  public void handle(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    Throwable cause = result == null ? null : result.cause();
    OpenAiError error;
    // By type, not by class name: a renamed or repackaged class must fail to compile, not to match.
    if (cause instanceof TooLongHttpHeaderException) {
      error = new OpenAiError(431, "Request headers too large", "invalid_request_error", null,
          "headers_too_large");
    } else if (cause instanceof TooLongHttpLineException) {
      error = new OpenAiError(414, "Request line too long", "invalid_request_error", null,
          "uri_too_long");
    } else {
      error = OpenAiError.badRequest("Malformed HTTP request", null, "malformed_request");
    }
    error.send(request.response().putHeader("connection", "close"));
  }
}
