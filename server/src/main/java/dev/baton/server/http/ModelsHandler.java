package dev.baton.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.server.models.ModelCatalog;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.server.runtime.RuntimeHolder;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/models}: every model name Baton routes, in the OpenAI list shape, with what the
 * pool's workers report of it ({@code max_model_len}, {@code owned_by}, {@code root}, a LoRA
 * adapter's {@code parent}) from the {@link ModelCatalog}'s last poll, so no worker is asked while
 * the client waits. An alias is listed beside its served name, with that name as its {@code root}.
 * A name no worker has reported yet is listed with Baton's own card.
 */
final class ModelsHandler implements Handler<RoutingContext> {
  private final RuntimeHolder runtime;
  private final ModelCatalog catalog;
  private final long createdEpochSeconds = System.currentTimeMillis() / 1000;

  ModelsHandler(RuntimeHolder runtime, ModelCatalog catalog) {
    this.runtime = runtime;
    this.catalog = catalog;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Map<String, ObjectNode> cards = new TreeMap<>();
    for (PoolRoute route : runtime.get().routes()) {
      Map<String, JsonNode> reported = reported(route);
      for (String model : route.pool().models()) {
        cards.put(model, card(model, reported.get(model), model));
      }
      route.config().aliases().forEach((alias, served) ->
          cards.put(alias, card(alias, reported.get(served), served)));
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    cards.values().forEach(data::add);
    ctx.response().putHeader("content-type", "application/json").end(root.toString());
  }

  /** What the pool's endpoints reported, by model id; the first endpoint that knows a model wins. */
  private Map<String, JsonNode> reported(PoolRoute route) {
    Map<String, JsonNode> reported = new TreeMap<>();
    for (EndpointState endpoint : route.pool().endpoints()) {
      catalog.modelsOf(endpoint.id()).forEach(reported::putIfAbsent);
    }
    return reported;
  }

  /** The worker's card under the name clients use, or Baton's own when no worker reported it. */
  private ObjectNode card(String id, JsonNode reported, String served) {
    ObjectNode card;
    if (reported != null && reported.isObject()) {
      card = ((ObjectNode) reported).deepCopy();
      if (!id.equals(served)) {
        card.put("root", served);
      }
    } else {
      card = JsonNodeFactory.instance.objectNode();
      card.put("object", "model");
      card.put("created", createdEpochSeconds);
      card.put("owned_by", "baton");
      card.put("root", served);
      card.putNull("parent");
    }
    card.put("id", id);
    return card;
  }
}
