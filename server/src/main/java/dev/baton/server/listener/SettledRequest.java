package dev.baton.server.listener;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets the event loop finish the read that completed a request's body before the request goes on
 * to admission and a worker. An HTTP/2 client that resets its stream right behind the body (rapid
 * reset) has the reset in that same read; its request is then dropped here, before any worker is
 * called, instead of starting a call only to abort it. Costs one event-loop turn per request.
 */
public final class SettledRequest implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    ctx.vertx().runOnContext(v -> {
      if (!ctx.response().closed()) {
        ctx.next();
      }
    });
  }
}
