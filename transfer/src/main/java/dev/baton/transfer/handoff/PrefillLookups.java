package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.router.endpoint.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What concurrent dialects may ask a prefill worker before sending a pair: a small JSON document at
 * a fixed path on the worker's host (SGLang's {@code GET /server_info}, Mooncake's bootstrap
 * {@code GET /query}). The host always comes from the configured or discovered endpoint, never from a
 * request. Answers are cached per endpoint until {@link #forget} (its leg failed: it may have
 * restarted under a new engine id) or {@link #retainOnly} (it left the pool). Failures are not
 * cached, so the next request asks again. Two requests that miss at once both ask; the answers are
 * the same document, so either may land in the cache.
 */
public final class PrefillLookups {
  /** Connect and read bound of one lookup: it delays the first byte of the request that waits. */
  private static final long TIMEOUT_MS = 2_000;
  /** These answers are a few hundred bytes; anything far larger is not the document asked for. */
  private static final int MAX_ANSWER_BYTES = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClientAgent client;
  private final Map<Key, JsonNode> answers = new ConcurrentHashMap<>();

  private record Key(String endpointId, int port, String path) {}

  public PrefillLookups(Vertx vertx) {
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setKeepAlive(true)
        .setConnectTimeout((int) TIMEOUT_MS));
  }

  /**
   * The JSON {@code endpoint}'s host answers to {@code GET path} on {@code port} (the endpoint's own
   * port or its bootstrap server's), from the cache when known. Fails when the worker cannot be
   * reached in time, answers other than 200, or with something that is not JSON.
   */
  public Future<JsonNode> get(Endpoint endpoint, int port, String path) {
    Key key = new Key(endpoint.id(), port, path);
    JsonNode known = answers.get(key);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    // The worker's API port speaks the endpoint's scheme; bootstrap servers are plain HTTP.
    boolean ssl = port == endpoint.port() && "https".equals(endpoint.scheme());
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost(endpoint.host())
        .setPort(port)
        .setSsl(ssl)
        .setURI(path)
        .setConnectTimeout(TIMEOUT_MS)
        .setIdleTimeout(TIMEOUT_MS);
    String where = endpoint.id() + " (port " + port + ") " + path;
    return client.request(options)
        .compose(request -> request.send())
        .compose(response -> response.statusCode() == 200
            ? response.body()
            : Future.failedFuture(where + " answered " + response.statusCode()))
        .compose(body -> {
          if (body.length() > MAX_ANSWER_BYTES) {
            return Future.failedFuture(where + " answered " + body.length() + " bytes");
          }
          try {
            return Future.succeededFuture(JSON.readTree(body.getBytes()));
          } catch (IOException e) {
            return Future.failedFuture(where + " did not answer JSON");
          }
        })
        .onSuccess(json -> answers.put(key, json));
  }

  /** Drops what is known of one endpoint: its leg failed, so it may have restarted. */
  public void forget(String endpointId) {
    answers.keySet().removeIf(key -> key.endpointId().equals(endpointId));
  }

  /** Drops what is known of endpoints that left. */
  public void retainOnly(Set<String> endpointIds) {
    answers.keySet().removeIf(key -> !endpointIds.contains(key.endpointId()));
  }

  /** How many answers are cached (for tests and the admin view). */
  public int cached() {
    return answers.size();
  }

  public Future<Void> close() {
    return client.close();
  }
}
