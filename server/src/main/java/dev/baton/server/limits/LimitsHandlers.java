package dev.baton.server.limits;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * The front door's route handlers for {@link RequestLimits}: one before the body is read (header
 * count and size) and one after (JSON nesting depth).
 */
public final class LimitsHandlers {
  private volatile RequestLimits limits;

  public LimitsHandlers(RequestLimits limits) {
    this.limits = limits;
  }

  /** The limits in force now; a request reads them once per check. */
  public RequestLimits limits() {
    return limits;
  }

  /** Applies new limits (a reload) to every request checked from now on. */
  public void use(RequestLimits next) {
    limits = next;
  }

  /** Rejects requests with too many or too large headers, before their body is read. */
  public Handler<RoutingContext> headers() {
    return ctx -> limits().headers(ctx.request())
        .ifPresentOrElse(error -> error.send(ctx.response()), ctx::next);
  }

  /** Rejects JSON bodies nested deeper than the limit. */
  public Handler<RoutingContext> body() {
    return ctx -> {
      Buffer body = ctx.body().buffer();
      if (body == null || body.length() == 0) {
        ctx.next();
        return;
      }
      limits().jsonDepth(body.getBytes()).ifPresentOrElse(error -> error.send(ctx.response()), ctx::next);
    };
  }
}
