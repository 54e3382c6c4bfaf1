package dev.baton.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.server.auth.UpstreamCredentials;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.transfer.error.OpenAiError;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.transfer.exchange.SingleLegExchange;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.upstream.UpstreamRequest;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;

/**
 * Other {@code /v1/*} routes (embeddings, tokenize, audio...): sent to a worker serving the body's
 * {@code model}, as is, to the same path on that worker. Without a model Baton cannot choose a pool,
 * so the route is unknown (404).
 */
final class PassthroughHandler implements Handler<RoutingContext> {
  private final RuntimeHolder runtime;
  private final SingleLegExchange single;

  PassthroughHandler(RuntimeHolder runtime, SingleLegExchange single) {
    this.runtime = runtime;
    this.single = single;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String requestId = RequestIds.of(ctx.request());
    ctx.response().putHeader(RequestIds.HEADER, requestId);
    Buffer bytes = ctx.body().buffer();
    String model = modelOf(bytes);
    if (model == null) {
      OpenAiError.notFound(ctx.request().path()).send(ctx.response());
      return;
    }
    BatonRuntime current = runtime.get();
    Optional<PoolRoute> route = current.route(model);
    if (route.isEmpty()) {
      OpenAiError.modelNotFound(model).send(ctx.response());
      return;
    }
    SchedulingRequest scheduling = new SchedulingRequest(requestId, model, "", 0, 0, null, null);
    Optional<EndpointState> endpoint =
        current.scheduler().pick(Phase.DECODE, scheduling, route.get().pool(), Set.of());
    if (endpoint.isEmpty()) {
      OpenAiError.noWorker(model).send(ctx.response());
      return;
    }
    // Only the path and query come from the request; the host is always a configured worker.
    String query = ctx.request().query();
    String path = ctx.request().path() + (query == null ? "" : "?" + query);
    single.forward(
        new Downstream(ctx.request(), requestId),
        endpoint.get(),
        new UpstreamRequest(ctx.request().method(), path,
            ForwardedHeaders.of(ctx.request(), requestId,
                UpstreamCredentials.forPool(current.config(), route.get().pool().name())), bytes),
        0,
        tried -> current.scheduler().pick(Phase.DECODE, scheduling, route.get().pool(), tried),
        () -> {});
  }

  private static String modelOf(Buffer bytes) {
    if (bytes == null || bytes.length() == 0) {
      return null;
    }
    try {
      JsonNode model = InferenceRequestParser.JSON.readTree(bytes.getBytes()).get("model");
      return model != null && model.isTextual() ? model.asText() : null;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }
}
