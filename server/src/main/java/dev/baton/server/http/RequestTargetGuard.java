package dev.baton.server.http;

import dev.baton.transfer.error.OpenAiError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/**
 * The front door's first check, before any routing: {@code CONNECT} (Baton is no tunnel) gets 405,
 * and a target that is not a plain path ({@code OPTIONS *}, an authority, an ambiguous path, see
 * {@link AmbiguousPaths}) gets 400, both in OpenAI's shape. Everything else goes to the router.
 */
final class RequestTargetGuard implements Handler<HttpServerRequest> {
  private final Handler<HttpServerRequest> router;

  RequestTargetGuard(Handler<HttpServerRequest> router) {
    this.router = router;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (HttpMethod.CONNECT.equals(request.method()) || HttpMethod.TRACE.equals(request.method())) {
      request.response().putHeader("allow", "GET, POST");
      new OpenAiError(405, "Method " + request.method().name() + " is not allowed",
          "invalid_request_error", null, "method_not_allowed").send(request.response());
      return;
    }
    Optional<String> problem = AmbiguousPaths.problem(rawPath(request.uri()));
    if (problem.isPresent()) {
      new OpenAiError(400, "Invalid request path: " + problem.get(), "invalid_request_error", null,
          "invalid_path").send(request.response());
      return;
    }
    router.handle(request);
  }

  /** The path exactly as sent: {@code uri()} without its query (absolute-form targets refused). */
  private static String rawPath(String uri) {
    if (uri == null) {
      return null;
    }
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }
}
