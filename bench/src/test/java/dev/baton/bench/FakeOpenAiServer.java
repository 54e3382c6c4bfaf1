package dev.baton.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A small OpenAI-style streaming server for tests: answers {@code max_tokens} content chunks
 * ({@code "tok<i> "}) with a configurable gap, an optional usage chunk and {@code [DONE]}, and can
 * misbehave on chosen requests. It records what it received.
 */
public final class FakeOpenAiServer {

  /** What to do with one request. */
  public enum Fault {
    NONE, STATUS_500, STATUS_400, DROP_MID_STREAM, ERROR_EVENT, NO_DONE, HANG, STALL_MID_STREAM
  }

  public record Received(
      long arrivalNanos, String path, String authorization, MultiMap headers, JsonObject body) {}

  private final Vertx vertx;
  private final long tokenGapMillis;
  private final boolean usage;
  private final IntFunction<Fault> faults;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger maxActive = new AtomicInteger();
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private HttpServer server;

  FakeOpenAiServer(Vertx vertx, long tokenGapMillis, boolean usage, IntFunction<Fault> faults) {
    this.vertx = vertx;
    this.tokenGapMillis = tokenGapMillis;
    this.usage = usage;
    this.faults = faults;
  }

  public static FakeOpenAiServer start(Vertx vertx, long tokenGapMillis, boolean usage, IntFunction<Fault> faults) {
    FakeOpenAiServer fake = new FakeOpenAiServer(vertx, tokenGapMillis, usage, faults);
    fake.server =
        Await.result(
            vertx.createHttpServer().requestHandler(fake::handle).listen(0),
            java.time.Duration.ofSeconds(10));
    return fake;
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public int requests() {
    return requests.get();
  }

  public int maxActive() {
    return maxActive.get();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public void close() {
    Await.result(server.close(), java.time.Duration.ofSeconds(10));
  }

  private void handle(HttpServerRequest request) {
    if (request.path().endsWith("/models")) {
      request.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put("object", "list")
              .put("data", new JsonArray().add(new JsonObject().put("id", "fake-model"))).encode());
      return;
    }
    long arrival = System.nanoTime();
    request.body().onSuccess(bytes -> {
      JsonObject body = bytes.toJsonObject();
      int index = requests.getAndIncrement();
      received.add(new Received(arrival, request.path(), request.getHeader("Authorization"),
          MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body));
      Fault fault = faults.apply(index);
      int tokens = body.getInteger("max_tokens", 16);
      boolean chat = request.path().endsWith("/chat/completions");
      HttpServerResponse response = request.response();
      switch (fault) {
        case STATUS_500 -> error(response, 500, "boom");
        case STATUS_400 -> error(response, 400, "bad prompt");
        case HANG -> { }
        default -> stream(response, fault, chat, tokens);
      }
    });
  }

  private static void error(HttpServerResponse response, int status, String message) {
    JsonObject error = new JsonObject().put("error", new JsonObject().put("message", message)
        .put("type", "BadRequestError").putNull("param").put("code", status));
    response.setStatusCode(status).putHeader("content-type", "application/json").end(error.encode());
  }

  private void stream(HttpServerResponse response, Fault fault, boolean chat, int tokens) {
    int now = active.incrementAndGet();
    maxActive.accumulateAndGet(now, Math::max);
    response.setChunked(true).putHeader("content-type", "text/event-stream");
    if (chat) {
      // vLLM opens a chat stream with a role-only chunk that carries no content.
      send(response, new JsonObject().put("choices", new JsonArray().add(new JsonObject()
          .put("index", 0).put("delta", new JsonObject().put("role", "assistant").put("content", "")))));
    }
    emit(response, fault, chat, tokens, 0);
  }

  private void emit(HttpServerResponse response, Fault fault, boolean chat, int tokens, int i) {
    if (i == tokens) {
      finish(response, fault, tokens);
      return;
    }
    if (i == tokens / 2 && i > 0) {
      if (fault == Fault.DROP_MID_STREAM) {
        active.decrementAndGet();
        response.reset();
        return;
      }
      if (fault == Fault.STALL_MID_STREAM) {
        return;
      }
    }
    String text = "tok" + i + " ";
    JsonObject choice = new JsonObject().put("index", 0);
    if (chat) {
      choice.put("delta", new JsonObject().put("content", text));
    } else {
      choice.put("text", text);
    }
    send(response, new JsonObject().put("id", "x").put("choices", new JsonArray().add(choice)));
    if (tokenGapMillis <= 0) {
      emit(response, fault, chat, tokens, i + 1);
    } else {
      vertx.setTimer(tokenGapMillis, id -> emit(response, fault, chat, tokens, i + 1));
    }
  }

  private void finish(HttpServerResponse response, Fault fault, int tokens) {
    active.decrementAndGet();
    if (fault == Fault.ERROR_EVENT) {
      response.write("data: {\"error\": {\"message\": \"engine died\", \"code\": 500}}\n\n");
    }
    if (usage) {
      send(response, new JsonObject().put("choices", new JsonArray()).put("usage", new JsonObject()
          .put("prompt_tokens", 100).put("completion_tokens", tokens).put("total_tokens", 100 + tokens)
          .put("prompt_tokens_details", new JsonObject().put("cached_tokens", 60))));
    }
    if (fault != Fault.NO_DONE) {
      response.write("data: [DONE]\n\n");
    }
    response.end();
  }

  private static void send(HttpServerResponse response, JsonObject chunk) {
    response.write(Buffer.buffer("data: ").appendString(chunk.encode()).appendString("\n\n"));
  }
}
