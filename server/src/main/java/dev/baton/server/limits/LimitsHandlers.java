package dev.baton.server.limits;

import dev.baton.transfer.error.OpenAiError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The front door's handler for {@link RequestLimits} before the body is read (header count and
 * size), and the limits in force for the checks after it (JSON nesting depth, while the body is
 * parsed; prompt and batch sizes).
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

  /**
   * Rejects requests with too many or too large headers, before their body is read; the others go
   * on to {@code next} within the same step of the router's walk (each step costs every request).
   */
  public Handler<RoutingContext> headersThen(Handler<RoutingContext> next) {
    return ctx -> {
      Optional<OpenAiError> error = limits().headers(ctx.request());
      if (error.isPresent()) {
        error.get().send(ctx.response());
      } else {
        next.handle(ctx);
      }
    };
  }
}
