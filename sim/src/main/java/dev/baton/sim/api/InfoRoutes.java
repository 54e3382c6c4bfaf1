package dev.baton.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.sim.SimConfig;
import dev.baton.sim.metrics.SimMetrics;
import dev.baton.sim.tokenizer.ChatTemplate;
import dev.baton.sim.tokenizer.SimTokenizer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The read-mostly endpoints: models, health, version, tokenize and metrics. */
public final class InfoRoutes {

  /** The vLLM version the simulator imitates, answered by {@code /version}. */
  public static final String VERSION = "0.11.0";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final SimConfig config;
  private final SimMetrics metrics;
  private final BooleanSupplier healthy;
  private final long created = System.currentTimeMillis() / 1000;

  public InfoRoutes(SimConfig config, SimMetrics metrics, BooleanSupplier healthy) {
    this.config = config;
    this.metrics = metrics;
    this.healthy = healthy;
  }

  public void mount(Router router) {
    router.get("/v1/models").handler(this::models);
    router.get("/health").handler(this::health);
    router.get("/ping").handler(this::health);
    router.post("/ping").handler(this::health);
    router.get("/version").handler(ctx -> json(ctx, MAPPER.createObjectNode().put("version", VERSION)));
    router.post("/tokenize").handler(this::tokenize);
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", SimMetrics.CONTENT_TYPE)
        .end(metrics.scrape()));
  }

  private void models(RoutingContext ctx) {
    ObjectNode body = MAPPER.createObjectNode().put("object", "list");
    ArrayNode data = body.putArray("data");
    data.add(model(config.model(), config.model(), null));
    for (String adapter : config.loraAdapters()) {
      data.add(model(adapter, adapter, config.model()));
    }
    json(ctx, body);
  }

  private ObjectNode model(String id, String root, String parent) {
    ObjectNode m = MAPPER.createObjectNode();
    m.put("id", id);
    m.put("object", "model");
    m.put("created", created);
    m.put("owned_by", "vllm");
    m.put("root", root);
    if (parent == null) {
      m.putNull("parent");
    } else {
      m.put("parent", parent);
    }
    m.put("max_model_len", config.maxModelLen());
    return m;
  }

  private void health(RoutingContext ctx) {
    ctx.response().setStatusCode(healthy.getAsBoolean() ? 200 : 503).end();
  }

  private void tokenize(RoutingContext ctx) {
    JsonNode body;
    try {
      body = ctx.body().length() == 0 ? null : MAPPER.readTree(ctx.body().buffer().getBytes());
    } catch (IOException e) {
      GenerateHandler.fail(ctx.response(), ApiError.badRequest("JSON decode error"));
      return;
    }
    if (body == null || !body.isObject()) {
      GenerateHandler.fail(ctx.response(), ApiError.badRequest("The request body must be a JSON object."));
      return;
    }
    SimTokenizer.Encoding encoding;
    if (body.path("prompt").isTextual()) {
      encoding = SimTokenizer.encode(body.get("prompt").asText(), body.path("add_special_tokens").asBoolean(true));
    } else if (body.path("messages").isArray()) {
      List<ChatTemplate.Message> messages = new ArrayList<>();
      for (JsonNode m : body.get("messages")) {
        messages.add(new ChatTemplate.Message(m.path("role").asText("user"), m.path("content").asText("")));
      }
      encoding = SimTokenizer.encode(ChatTemplate.render(messages), false);
    } else {
      GenerateHandler.fail(ctx.response(), ApiError.badRequest("Either prompt or messages must be provided.", "prompt"));
      return;
    }
    ObjectNode out = MAPPER.createObjectNode();
    out.put("count", encoding.size());
    out.put("max_model_len", config.maxModelLen());
    ArrayNode tokens = out.putArray("tokens");
    for (int id : encoding.ids()) {
      tokens.add(id);
    }
    out.putNull("token_strs");
    json(ctx, out);
  }

  private static void json(RoutingContext ctx, ObjectNode body) {
    ctx.response().putHeader("Content-Type", "application/json").end(Shapes.write(body));
  }
}
