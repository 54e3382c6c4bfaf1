package dev.baton.server.http;

import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.transfer.error.OpenAiError;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;

/**
 * Baton's own liveness and readiness, for load balancers and Kubernetes probes. They differ on
 * purpose: a draining Baton is alive (do not restart it) but not ready (send it nothing new).
 */
final class ProbeHandlers {
  private final RuntimeHolder runtime;
  private final BooleanSupplier draining;

  ProbeHandlers(RuntimeHolder runtime, BooleanSupplier draining) {
    this.runtime = runtime;
    this.draining = draining;
  }

  /**
   * {@code GET /health} (liveness): the process serves HTTP, draining or not. 200 with an empty
   * body, as vLLM answers.
   */
  void health(RoutingContext ctx) {
    ctx.response().setStatusCode(200).end();
  }

  /**
   * {@code GET /ready} (readiness): not shutting down, every pool's endpoint source has published
   * its first list (the front door only listens after that) and at least one endpoint can take
   * requests.
   */
  void ready(RoutingContext ctx) {
    if (draining.getAsBoolean()) {
      new OpenAiError(503, "Baton is shutting down", "service_unavailable", null, "shutting_down")
          .send(ctx.response());
    } else if (runtime.get().ready()) {
      ctx.response().putHeader("content-type", "application/json").end("{\"status\":\"ready\"}");
    } else {
      new OpenAiError(503, "No schedulable endpoint", "service_unavailable", null, "not_ready")
          .send(ctx.response());
    }
  }
}
