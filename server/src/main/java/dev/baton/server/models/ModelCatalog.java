package dev.baton.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.server.auth.UpstreamCredentials;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.server.scrape.EndpointPoller;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the workers say they serve: every endpoint's {@code GET /v1/models} (the served names,
 * {@code max_model_len}, LoRA adapters with their {@code parent}, {@code owned_by}) and {@code GET
 * /version}, polled in the background every {@link #INTERVAL} with the pool's worker credentials.
 * The front door answers {@code /v1/models} and {@code /version} from the last answers, so a client
 * request never waits on a worker for them.
 */
public final class ModelCatalog {
  /** How often each endpoint is asked again; a new endpoint is asked at once. */
  public static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_ANSWER_BYTES = 4L * 1024 * 1024;

  private final EndpointPoller<Target> models;
  private final EndpointPoller<Target> versions;
  private volatile Map<String, UpstreamCredentials> credentials = Map.of();

  public ModelCatalog(Vertx vertx) {
    this.models = new EndpointPoller<>(vertx, "baton-models", new Poll(this::readModels));
    this.versions = new EndpointPoller<>(vertx, "baton-version", new Poll(this::readVersion));
  }

  /** Follows the endpoints of {@code runtime}: new ones are asked at once, removed ones forgotten. */
  public Future<Void> follow(BatonRuntime runtime) {
    Map<String, UpstreamCredentials> next = new HashMap<>();
    for (PoolRoute route : runtime.routes()) {
      UpstreamCredentials pool = UpstreamCredentials.of(route.config());
      route.pool().endpoints().forEach(e -> next.put(e.id(), pool));
    }
    credentials = Map.copyOf(next);
    List<EndpointState> endpoints = runtime.endpoints().toList();
    return Future.all(
            models.update(new EndpointPoller.Schedule("/v1/models", "application/json", INTERVAL,
                TIMEOUT), endpoints),
            versions.update(new EndpointPoller.Schedule("/version", "application/json", INTERVAL,
                TIMEOUT), endpoints))
        .mapEmpty();
  }

  /** The model cards an endpoint reported last, by id; empty before its first answer. */
  public Map<String, JsonNode> modelsOf(String endpointId) {
    Target target = models.targets().get(endpointId);
    return target == null ? Map.of() : target.models;
  }

  /** The engine version an endpoint reported last. */
  public Optional<String> versionOf(String endpointId) {
    Target target = versions.targets().get(endpointId);
    return Optional.ofNullable(target == null ? null : target.version);
  }

  public Future<Void> close() {
    return Future.join(models.close(), versions.close()).mapEmpty();
  }

  private void readModels(Target target, JsonNode answer) {
    Map<String, JsonNode> cards = new HashMap<>();
    for (JsonNode card : answer.path("data")) {
      if (card.path("id").isTextual()) {
        cards.put(card.get("id").asText(), card);
      }
    }
    target.models = Map.copyOf(cards);
  }

  private void readVersion(Target target, JsonNode answer) {
    if (answer.path("version").isTextual()) {
      target.version = answer.get("version").asText();
    }
  }

  /** One endpoint's last answers, read by request threads. */
  private static final class Target {
    final EndpointState endpoint;
    volatile Map<String, JsonNode> models = Map.of();
    volatile String version;

    Target(EndpointState endpoint) {
      this.endpoint = endpoint;
    }
  }

  /** A poll whose JSON answer {@code apply} keeps; a failed poll keeps the previous answer. */
  private final class Poll implements EndpointPoller.Handler<Target> {
    private final java.util.function.BiConsumer<Target, JsonNode> apply;

    Poll(java.util.function.BiConsumer<Target, JsonNode> apply) {
      this.apply = apply;
    }

    @Override
    public Target attach(EndpointState endpoint) {
      return new Target(endpoint);
    }

    @Override
    public void decorate(Target target, RequestOptions request) {
      UpstreamCredentials pool = credentials.get(target.endpoint.id());
      if (pool != null) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        pool.apply(headers);
        headers.forEach(h -> request.putHeader(h.getKey(), h.getValue()));
      }
    }

    @Override
    public Future<?> read(Target target, HttpClientResponse response) {
      if (response.statusCode() != 200) {
        return response.end().compose(v -> Future.failedFuture("status " + response.statusCode()));
      }
      return response.body().compose(body -> {
        if (body.length() > MAX_ANSWER_BYTES) {
          return Future.failedFuture("answer too large");
        }
        try {
          apply.accept(target, JSON.readTree(body.getBytes()));
          return Future.succeededFuture();
        } catch (java.io.IOException e) {
          return Future.failedFuture(e);
        }
      });
    }

    @Override
    public void completed(Target target, Throwable failure) {
      // A failed poll keeps the last answer: a worker that blips keeps its card.
    }
  }
}
