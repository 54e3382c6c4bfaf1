package dev.baton.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.server.models.ModelCatalog;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.transfer.error.OpenAiError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code GET /version}, vLLM's route: the engine version the workers reported to the {@link
 * ModelCatalog} (the one most endpoints run, and every version with its endpoint count while a
 * rollout mixes them). 503 {@code version_unknown} until some worker has answered.
 */
final class VersionHandler implements Handler<RoutingContext> {
  private final RuntimeHolder runtime;
  private final ModelCatalog catalog;

  VersionHandler(RuntimeHolder runtime, ModelCatalog catalog) {
    this.runtime = runtime;
    this.catalog = catalog;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Map<String, Long> versions = runtime.get().endpoints()
        .map(e -> catalog.versionOf(e.id()))
        .flatMap(Optional::stream)
        .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    if (versions.isEmpty()) {
      new OpenAiError(503, "No worker has reported its version yet", "service_unavailable", null,
          "version_unknown").send(ctx.response());
      return;
    }
    String common = versions.entrySet().stream()
        .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("version", common);
    ObjectNode all = body.putObject("versions");
    versions.forEach(all::put);
    ctx.response().putHeader("content-type", "application/json").end(body.toString());
  }
}
