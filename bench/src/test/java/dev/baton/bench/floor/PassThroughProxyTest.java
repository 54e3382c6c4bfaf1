package dev.baton.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.bench.Await;
import dev.baton.bench.StreamedBody;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The floor proxy over real sockets: it forwards a request whole and relays an answer as it comes. */
class PassThroughProxyTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final Vertx vertx = Vertx.vertx();
  private final HttpClientAgent client = vertx.createHttpClient();

  @AfterEach
  void close() {
    Await.result(vertx.close(), WAIT);
  }

  @Test
  void forwardsTheRequestAndRelaysEachEventBeforeTheAnswerEnds() throws Exception {
    CompletableFuture<HttpServerRequest> seen = new CompletableFuture<>();
    CompletableFuture<String> seenBody = new CompletableFuture<>();
    Promise<Void> finish = Promise.promise();
    HttpServer upstream = Await.result(vertx.createHttpServer().requestHandler(req -> {
      seen.complete(req);
      req.body().onSuccess(body -> {
        seenBody.complete(body.toString());
        req.response().setChunked(true).putHeader("content-type", "text/event-stream")
            .putHeader("x-worker", "w1").write("data: one\n\n");
        finish.future().onSuccess(v -> req.response().end("data: [DONE]\n\n"));
      });
    }).listen(0, "127.0.0.1"), WAIT);
    int port = Await.result(PassThroughProxy.start(vertx, "127.0.0.1", 0, "127.0.0.1",
        upstream.actualPort(), 2), WAIT);

    StreamedBody streamed = new StreamedBody();
    // The handlers are set on the event loop as the response arrives, so no chunk goes unheard.
    HttpClientResponse response = Await.result(client.request(new RequestOptions()
            .setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI("/v1/chat/completions?x=1").putHeader("authorization", "Bearer k")
            .putHeader("keep-alive", "timeout=5"))
        .compose(req -> req.send(Buffer.buffer("{\"stream\":true}")))
        .onSuccess(streamed::listen), WAIT);

    // The worker holds its answer open: the first event must already be through.
    streamed.assertFirstChunkBeforeEnd("data: one\n\n", finish, WAIT);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("x-worker")).isEqualTo("w1");
    assertThat(response.getHeader("content-type")).isEqualTo("text/event-stream");
    assertThat(streamed.text()).isEqualTo("data: one\n\ndata: [DONE]\n\n");
    HttpServerRequest received = seen.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(received.method()).isEqualTo(HttpMethod.POST);
    assertThat(received.uri()).isEqualTo("/v1/chat/completions?x=1");
    assertThat(received.getHeader("authorization")).isEqualTo("Bearer k");
    assertThat(received.getHeader("keep-alive")).as("a hop-by-hop header").isNull();
    assertThat(seenBody.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("{\"stream\":true}");
  }

  @Test
  void answers502WhenTheUpstreamIsDown() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    int port = Await.result(PassThroughProxy.start(vertx, "127.0.0.1", 0, "127.0.0.1", closed, 1),
        WAIT);

    HttpClientResponse response = Await.result(client.request(HttpMethod.GET, port, "127.0.0.1", "/x")
        .compose(req -> req.send()), WAIT);

    assertThat(response.statusCode()).isEqualTo(502);
  }
}
