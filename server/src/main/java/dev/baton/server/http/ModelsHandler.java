package dev.baton.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.server.runtime.RuntimeHolder;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.TreeSet;

/** {@code GET /v1/models}: every configured model, in the OpenAI list shape. */
final class ModelsHandler implements Handler<RoutingContext> {
  private final RuntimeHolder runtime;
  private final long createdEpochSeconds = System.currentTimeMillis() / 1000;

  ModelsHandler(RuntimeHolder runtime) {
    this.runtime = runtime;
  }

  @Override
  public void handle(RoutingContext ctx) {
    TreeSet<String> models = new TreeSet<>();
    for (PoolRoute route : runtime.get().routes()) {
      models.addAll(route.pool().models());
    }
    ObjectNode root = InferenceRequestParser.JSON.createObjectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    for (String model : models) {
      ObjectNode entry = data.addObject();
      entry.put("id", model);
      entry.put("object", "model");
      entry.put("created", createdEpochSeconds);
      entry.put("owned_by", "baton");
      entry.put("root", model);
      entry.putNull("parent");
    }
    ctx.response().putHeader("content-type", "application/json").end(root.toString());
  }
}
