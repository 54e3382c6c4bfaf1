package dev.baton.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;

/**
 * While Baton drains, every HTTP/1.x answer says {@code connection: close} (and the listener closes
 * the connection after it). A load balancer that keeps connections to a replica stops reusing them
 * one answer at a time, so when the drain delay ends no idle keep-alive connection is left for the
 * shutdown to cut under a request the balancer has just sent on it. HTTP/2 clients are told by the
 * GOAWAY of the shutdown itself.
 */
final class CloseWhileDraining implements Handler<RoutingContext> {
  private final BooleanSupplier draining;

  CloseWhileDraining(BooleanSupplier draining) {
    this.draining = draining;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (draining.getAsBoolean() && ctx.request().version() != HttpVersion.HTTP_2) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    ctx.next();
  }
}
