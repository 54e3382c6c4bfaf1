package dev.baton.transfer.testing;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker whose behaviour each test scripts: exact bytes, streams that fail or never end, and
 * counters of what it saw (requests, bodies, clients that hung up, bytes written, back-pressure).
 */
public final class ScriptedWorker implements AutoCloseable {
  private final HttpServer server;
  public final List<JsonObject> bodies = new CopyOnWriteArrayList<>();
  public final List<io.vertx.core.MultiMap> headers = new CopyOnWriteArrayList<>();
  /** Method and path of every recorded request, in the order of {@link #headers}: "POST /v1/completions". */
  public final List<String> requestLines = new CopyOnWriteArrayList<>();
  public final AtomicInteger requests = new AtomicInteger();
  public final AtomicInteger hangUps = new AtomicInteger();
  public final AtomicLong bytesWritten = new AtomicLong();
  /** True while the worker waits for its write queue to drain (Baton stopped reading). */
  public final AtomicBoolean blocked = new AtomicBoolean();
  public final AtomicBoolean finished = new AtomicBoolean();

  /** Baton's background polls: health, metrics, and the model catalog's models and version. */
  private static final Set<String> PROBES = Set.of("/health", "/metrics", "/v1/models", "/version");

  private ScriptedWorker(HttpServer server) {
    this.server = server;
  }

  public static ScriptedWorker start(Vertx vertx, Handler<Exchange> script) {
    ScriptedWorker[] self = new ScriptedWorker[1];
    HttpServer server =
        vertx.createHttpServer()
            .requestHandler(req -> req.body().onSuccess(body -> {
              if (HttpMethod.GET.equals(req.method()) && PROBES.contains(req.path())) {
                // Baton's health probes and metric scrapes: answered, not scripted or recorded.
                req.response().setStatusCode("/health".equals(req.path()) ? 200 : 404).end();
                return;
              }
              ScriptedWorker w = self[0];
              w.requests.incrementAndGet();
              w.headers.add(req.headers());
              w.requestLines.add(req.method() + " " + req.path());
              if (body.length() > 0) {
                try {
                  w.bodies.add(body.toJsonObject());
                } catch (RuntimeException e) {
                  w.bodies.add(new JsonObject().put("raw", body.toString()));
                }
              }
              req.response().closeHandler(v -> {
                if (!req.response().ended()) {
                  w.hangUps.incrementAndGet();
                }
              });
              script.handle(new Exchange(w, req, body));
            }));
    self[0] = new ScriptedWorker(Await.get(server.listen(0, "127.0.0.1")));
    return self[0];
  }

  /** The headers of the {@code index}-th POST this worker saw (lookups such as GETs skipped). */
  public io.vertx.core.MultiMap postHeaders(int index) {
    int seen = 0;
    for (int i = 0; i < requestLines.size(); i++) {
      if (requestLines.get(i).startsWith("POST ") && seen++ == index) {
        return headers.get(i);
      }
    }
    throw new AssertionError("no POST number " + index + " among " + requestLines);
  }

  public int port() {
    return server.actualPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public void close() {
    Await.get(server.close());
  }

  /** One request to the worker, with helpers to answer it. */
  public record Exchange(ScriptedWorker worker, HttpServerRequest request, Buffer body) {

    public HttpServerResponse response() {
      return request.response();
    }

    public void json(int status, String json) {
      response().setStatusCode(status).putHeader("content-type", "application/json").end(json);
    }

    /** Answers {@code sse} as an event stream when the body asks to stream, else {@code json}, 200. */
    public void answerAsAsked(String sse, String json) {
      if (body.toJsonObject().getBoolean("stream", false)) {
        sseHead();
        response().end(sse);
      } else {
        json(200, json);
      }
    }

    public void sseHead() {
      response().setChunked(true).putHeader("content-type", "text/event-stream").writeHead();
    }

    public void event(String json) {
      Buffer b = Buffer.buffer("data: " + json + "\n\n");
      worker.bytesWritten.addAndGet(b.length());
      response().write(b);
    }

    /** Writes {@code count} events of {@code size} bytes as fast as the peer reads them. */
    public void flood(int count, int size) {
      sseHead();
      String payload = "{\"x\":\"" + "a".repeat(Math.max(0, size - 8)) + "\"}";
      floodFrom(0, count, payload);
    }

    private void floodFrom(int sent, int count, String payload) {
      int i = sent;
      while (i < count && !response().writeQueueFull()) {
        event(payload);
        i++;
      }
      if (i == count) {
        worker.finished.set(true);
        response().end("data: [DONE]\n\n");
        return;
      }
      int next = i;
      worker.blocked.set(true);
      response().drainHandler(v -> {
        worker.blocked.set(false);
        floodFrom(next, count, payload);
      });
    }
  }
}
