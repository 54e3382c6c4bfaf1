package dev.baton.server.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.TokenizerConfig;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.PoolRoute;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The token ids of an incoming prompt, for pools that subscribe to KV events, from the pool's
 * {@code tokenizer} source: {@code engine} asks one of the pool's workers' vLLM {@code /tokenize}
 * ({@link EngineTokenizer}), {@code huggingface} tokenizes locally off the event loop ({@link
 * LocalTokenizers}). Either way the request is the one vLLM would tokenize: the prompt, or the chat
 * messages with {@code add_generation_prompt}; answers of both sources share one cache by prompt. A
 * completions prompt given as token ids needs no tokenizer. Any failure yields null: the request is
 * routed without ids, by the approximate view.
 */
public final class PromptTokens implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EngineTokenizer engine;
  private final LocalTokenizers local;
  private final TokenCache cache = new TokenCache(8_192, 16_000_000);
  /** Per source, for {@code baton_tokenize_*{source}}. */
  public final TokenizeCounters engineCounters = new TokenizeCounters();
  public final TokenizeCounters huggingfaceCounters = new TokenizeCounters();
  public final AtomicLong cacheHits = new AtomicLong();

  public PromptTokens(Vertx vertx) {
    this.engine = new EngineTokenizer(vertx.createHttpClient());
    this.local = new LocalTokenizers(vertx);
  }

  /**
   * The prompt's token ids, or null when the pool does not match prefixes precisely or they could
   * not be had in time. Never fails.
   *
   * @param chat whether {@code body} is a chat request ({@code messages}) or a completions one
   */
  public Future<int[]> of(PoolRoute route, String model, boolean chat, ObjectNode body) {
    PoolConfig pool = route.config();
    if (pool.kvEvents() == null) {
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
    TokenizerConfig tokenizer = pool.tokenizer();
    boolean local = tokenizer.source() == TokenizerConfig.Source.HUGGINGFACE;
    String askJson = ask.toString();
    // The same prompt may tokenize differently under another model's tokenizer file.
    String key = local ? tokenizer.path() + '\n' + askJson : askJson;
    int[] cached = cache.get(key);
    if (cached != null) {
      cacheHits.incrementAndGet();
      return Future.succeededFuture(cached);
    }
    long started = System.nanoTime();
    TokenizeCounters counters = local ? huggingfaceCounters : engineCounters;
    Future<int[]> ids = local ? this.local.tokenize(tokenizer.path(), ask)
        : engine.tokenize(route, askJson);
    return ids
        .andThen(ar -> {
          if (ar.succeeded()) {
            cache.put(key, ar.result());
          }
          counters.record(started, ar.result());
        })
        .otherwise((int[]) null);
  }

  /**
   * Loads the tokenizers the configuration names, so the first requests find them ready, and
   * closes those no pool names any more. Call after each runtime swap.
   */
  public void follow(BatonRuntime runtime) {
    Set<String> paths = runtime.routes().stream()
        .map(PoolRoute::config)
        .filter(pool -> pool.kvEvents() != null)
        .map(PoolConfig::tokenizer)
        .filter(t -> t.source() == TokenizerConfig.Source.HUGGINGFACE && t.path() != null)
        .map(TokenizerConfig::path)
        .collect(Collectors.toSet());
    local.retain(paths);
    paths.forEach(local::load);
  }

  /** Completes once every tokenizer that is loading has loaded or failed to. */
  public Future<Void> ready() {
    return local.ready();
  }

  @Override
  public void close() {
    local.close();
  }

  static int[] ids(JsonNode array) {
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
