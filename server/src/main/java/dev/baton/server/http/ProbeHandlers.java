package dev.baton.server.http;

import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.transfer.error.OpenAiError;
import io.vertx.ext.web.RoutingContext;

/** Baton's own liveness and readiness, for load balancers and Kubernetes probes. */
final class ProbeHandlers {
  private final RuntimeHolder runtime;

  ProbeHandlers(RuntimeHolder runtime) {
    this.runtime = runtime;
  }

  /** {@code GET /health}: the process serves HTTP. 200 with an empty body, as vLLM answers. */
  void health(RoutingContext ctx) {
    ctx.response().setStatusCode(200).end();
  }

  /** {@code GET /ready}: a config is loaded and at least one endpoint can take requests. */
  void ready(RoutingContext ctx) {
    if (runtime.get().ready()) {
      ctx.response().putHeader("content-type", "application/json").end("{\"status\":\"ready\"}");
    } else {
      new OpenAiError(503, "No schedulable endpoint", "service_unavailable", null, "not_ready")
          .send(ctx.response());
    }
  }
}
