package dev.baton.server.listener;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets the event loop finish the read that completed an HTTP/2 request's body before the request
 * goes on to admission and a worker. A client that resets its stream right behind the body (rapid
 * reset) has the reset in that same read; its request is then dropped here, before any worker is
 * called, instead of starting a call only to abort it. Costs one event-loop turn per HTTP/2
 * request; an HTTP/1.x request goes straight on, since nothing but the connection's close can
 * follow its body and end it, and a close reaches the exchange's own close handler. Wraps the
 * handler of the route that calls workers, so it costs no step of the router's walk.
 */
public final class SettledRequest implements Handler<RoutingContext> {
  private final Handler<RoutingContext> next;

  public SettledRequest(Handler<RoutingContext> next) {
    this.next = next;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.request().version() != HttpVersion.HTTP_2) {
      next.handle(ctx);
      return;
    }
    ctx.vertx().runOnContext(v -> {
      if (!ctx.response().closed()) {
        next.handle(ctx);
      }
    });
  }
}
