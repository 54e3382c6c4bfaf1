package dev.baton.server.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.server.auth.UpstreamCredentials;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.TokenizerConfig;
import dev.baton.server.runtime.PoolRoute;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The token ids of an incoming prompt, for pools that subscribe to KV events: the {@code engine}
 * source POSTs the prompt (or the chat messages, with {@code add_generation_prompt}) to one of the
 * pool's workers' vLLM {@code /tokenize}, so the ids are exactly those the engine hashes; answers
 * are cached by prompt. A completions prompt given as token ids needs no call. Any failure (no
 * worker, timeout, an error answer) yields null: the request is routed without ids, by the
 * approximate view. Workers come from the pool's configuration, never from the request.
 */
public final class PromptTokens {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_MILLIS = 500;

  private final HttpClient client;
  private final TokenCache cache = new TokenCache(8_192, 16_000_000);
  private final AtomicInteger next = new AtomicInteger();
  /** Calls made to workers and their total time, for {@code baton_tokenize_*}. */
  public final AtomicLong calls = new AtomicLong();
  public final AtomicLong callNanos = new AtomicLong();
  public final AtomicLong failures = new AtomicLong();
  public final AtomicLong cacheHits = new AtomicLong();

  public PromptTokens(HttpClient client) {
    this.client = client;
  }

  /**
   * The prompt's token ids, or null when the pool does not match prefixes precisely or they could
   * not be had in time. Never fails.
   *
   * @param chat whether {@code body} is a chat request ({@code messages}) or a completions one
   */
  public Future<int[]> of(PoolRoute route, String model, boolean chat,
      ObjectNode body) {
    PoolConfig pool = route.config();
    if (pool.kvEvents() == null
        || pool.tokenizer().source() != TokenizerConfig.Source.ENGINE) {
      return Future.succeededFuture();
    }
    ObjectNode ask = JSON.createObjectNode().put("model", model);
    if (chat) {
      ask.set("messages", body.get("messages"));
      ask.put("add_generation_prompt", true);
    } else {
      JsonNode prompt = body.get("prompt");
      if (prompt != null && prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isInt()) {
        return Future.succeededFuture(ids(prompt));
      }
      if (prompt == null || !prompt.isTextual()) {
        return Future.succeededFuture(); // a batch of prompts: no single prefix to match
      }
      ask.set("prompt", prompt);
    }
    String key = ask.toString();
    int[] cached = cache.get(key);
    if (cached != null) {
      cacheHits.incrementAndGet();
      return Future.succeededFuture(cached);
    }
    Endpoint worker = pick(route);
    if (worker == null) {
      return Future.succeededFuture();
    }
    long started = System.nanoTime();
    calls.incrementAndGet();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setHost(worker.host()).setPort(worker.port()).setURI("/tokenize")
        .setSsl("https".equals(worker.scheme())).setIdleTimeout(TIMEOUT_MILLIS)
        .setConnectTimeout(TIMEOUT_MILLIS)
        .setHeaders(UpstreamCredentials.of(pool).apply(MultiMap.caseInsensitiveMultiMap()
            .add("Content-Type", "application/json")));
    return client.request(options)
        .compose(req -> req.send(Buffer.buffer(key)))
        .compose(resp -> resp.statusCode() == 200 ? resp.body()
            : Future.failedFuture("tokenize answered " + resp.statusCode()))
        .map(answer -> {
          int[] ids = parse(answer);
          cache.put(key, ids);
          return ids;
        })
        .otherwise(err -> {
          failures.incrementAndGet();
          return null;
        })
        .onComplete(ar -> callNanos.addAndGet(System.nanoTime() - started));
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
      return ids(JSON.readTree(answer.getBytes()).get("tokens"));
    } catch (IOException e) {
      throw new IllegalStateException("tokenize answer is not JSON", e);
    }
  }

  private static int[] ids(JsonNode array) {
    if (array == null || !array.isArray()) {
      throw new IllegalStateException("no token ids");
    }
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = array.get(i).asInt();
    }
    return ids;
  }
}
