package dev.baton.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.function.BooleanSupplier;

/**
 * While Baton drains, every HTTP/1.x answer says {@code connection: close} (and the listener closes
 * the connection after it). A load balancer that keeps connections to a replica stops reusing them
 * one answer at a time, so when the drain delay ends no idle keep-alive connection is left for the
 * shutdown to cut under a request the balancer has just sent on it. HTTP/2 clients are told by the
 * GOAWAY of the shutdown itself. Wraps the server's request handler rather than being a route:
 * every request passes, and a route would cost each one a step of the router's walk.
 */
final class CloseWhileDraining implements Handler<HttpServerRequest> {
  private final BooleanSupplier draining;
  private final Handler<HttpServerRequest> next;

  CloseWhileDraining(BooleanSupplier draining, Handler<HttpServerRequest> next) {
    this.draining = draining;
    this.next = next;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (draining.getAsBoolean() && request.version() != HttpVersion.HTTP_2) {
      request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    next.handle(request);
  }
}
