package dev.baton.server.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import dev.baton.server.testing.Await;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recording proxy in front of one worker: forwards every request as it came and relays the answer
 * chunk by chunk, and records for each generation request what was asked and the {@code usage} the
 * worker's answer reported (the stream's usage chunk or the JSON body's). Every {@code failEvery}-th
 * generation request is answered 503 without reaching the worker, so Baton fails it over.
 */
final class UsageTap implements AutoCloseable {

  /** One generation request and the worker's answer to it. */
  record Answer(String requestId, JsonObject asked, int status, JsonNode usage) {

    /** A prefill leg: its one token and usage never reach the client. */
    boolean prefill() {
      JsonObject kv = asked.getJsonObject("kv_transfer_params");
      return kv != null && kv.getBoolean("do_remote_decode", false);
    }

    long prompt() {
      return usage.path("prompt_tokens").asLong();
    }

    long completion() {
      return usage.path("completion_tokens").asLong();
    }
  }

  final List<Answer> answers = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final HttpClient client;
  private final int targetPort;
  private final int failEvery;
  private final AtomicInteger generations = new AtomicInteger();

  private UsageTap(Vertx vertx, int targetPort, int failEvery) {
    this.client = vertx.createHttpClient();
    this.targetPort = targetPort;
    this.failEvery = failEvery;
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  static UsageTap start(Vertx vertx, int targetPort, int failEvery) {
    UsageTap tap = new UsageTap(vertx, targetPort, failEvery);
    Await.get(tap.server.listen(0, "127.0.0.1"));
    return tap;
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  private void handle(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      boolean generation = req.path().endsWith("completions");
      String id = req.getHeader("x-request-id");
      if (generation && failEvery > 0 && generations.incrementAndGet() % failEvery == 0) {
        answers.add(new Answer(id, body.toJsonObject(), 503, null));
        req.response().setStatusCode(503).putHeader("content-type", "application/json")
            .end("{\"error\":{\"message\":\"tap says busy\",\"type\":\"service_unavailable\","
                + "\"param\":null,\"code\":503}}");
        return;
      }
      RequestOptions options = new RequestOptions().setMethod(req.method()).setHost("127.0.0.1")
          .setPort(targetPort).setURI(req.uri());
      req.headers().forEach((k, v) -> {
        if (!k.equalsIgnoreCase("content-length") && !k.equalsIgnoreCase("transfer-encoding")) {
          options.addHeader(k, v);
        }
      });
      client.request(options).compose(out -> out.send(body)).onComplete(ar -> {
        if (ar.failed()) {
          req.response().setStatusCode(502).end();
          return;
        }
        var answer = ar.result();
        var response = req.response().setStatusCode(answer.statusCode()).setChunked(true);
        answer.headers().forEach((k, v) -> {
          if (!k.equalsIgnoreCase("content-length") && !k.equalsIgnoreCase("transfer-encoding")) {
            response.putHeader(k, v);
          }
        });
        Buffer seen = Buffer.buffer();
        answer.handler(chunk -> {
          seen.appendBuffer(chunk);
          response.write(chunk);
        });
        answer.endHandler(v -> {
          if (generation) {
            answers.add(new Answer(id, body.toJsonObject(), answer.statusCode(), usage(seen)));
          }
          response.end();
        });
      });
    });
  }

  /** The last {@code usage} object of a stream, or a JSON body's; null without one. */
  private static JsonNode usage(Buffer answer) {
    String text = answer.toString();
    if (text.startsWith("{")) {
      JsonNode usage = Http.json(text).get("usage");
      return usage == null || usage.isNull() ? null : usage;
    }
    JsonNode last = null;
    for (String line : text.split("\n")) {
      if (line.startsWith("data: {")) {
        JsonNode usage = Http.json(line.substring(6)).get("usage");
        if (usage != null && !usage.isNull()) {
          last = usage;
        }
      }
    }
    return last;
  }

  @Override
  public void close() {
    Await.get(server.close());
    Await.get(client.close());
  }
}
