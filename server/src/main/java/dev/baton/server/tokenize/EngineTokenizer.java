package dev.baton.server.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.server.auth.UpstreamCredentials;
import dev.baton.server.runtime.PoolRoute;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code engine} source: POSTs the tokenize request to one of the pool's workers' vLLM {@code
 * /tokenize} (round robin over the schedulable ones), so the ids are exactly those the engine
 * hashes. Workers come from the pool's configuration, never from the request.
 */
final class EngineTokenizer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_MILLIS = 500;

  private final HttpClient client;
  private final AtomicInteger next = new AtomicInteger();

  EngineTokenizer(HttpClient client) {
    this.client = client;
  }

  /** The ids of {@code ask} (a vLLM tokenize body), failed when no worker answers in time. */
  Future<int[]> tokenize(PoolRoute route, String ask) {
    Endpoint worker = pick(route);
    if (worker == null) {
      return Future.failedFuture("no schedulable worker to tokenize with");
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setHost(worker.host()).setPort(worker.port()).setURI("/tokenize")
        .setSsl("https".equals(worker.scheme())).setIdleTimeout(TIMEOUT_MILLIS)
        .setConnectTimeout(TIMEOUT_MILLIS)
        .setHeaders(UpstreamCredentials.of(route.config()).apply(MultiMap.caseInsensitiveMultiMap()
            .add("Content-Type", "application/json")));
    return client.request(options)
        .compose(req -> req.send(Buffer.buffer(ask)))
        .compose(resp -> resp.statusCode() == 200 ? resp.body()
            : Future.failedFuture("tokenize answered " + resp.statusCode()))
        .map(EngineTokenizer::parse);
  }

  private Endpoint pick(PoolRoute route) {
    var candidates = route.pool().endpoints().stream().filter(EndpointState::schedulable).toList();
    if (candidates.isEmpty()) {
      return null;
    }
    return candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size())).endpoint();
  }

  private static int[] parse(Buffer answer) {
    try {
      return PromptTokens.ids(JSON.readTree(answer.getBytes()).get("tokens"));
    } catch (IOException e) {
      throw new IllegalStateException("tokenize answer is not JSON", e);
    }
  }
}
