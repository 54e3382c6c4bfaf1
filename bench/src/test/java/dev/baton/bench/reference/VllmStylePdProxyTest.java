package dev.baton.bench.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.bench.Await;
import dev.baton.bench.StreamedBody;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/lib/vllm-style-pd-proxy.py, bench-proxy's stand-in for vLLM's reference P/D proxy, over
 * real sockets: a prefill leg with one token and NIXL's kv_transfer_params, then the decode leg with
 * the prefill answer's kv_transfer_params, streamed back as it comes. Runs where Debian's python3
 * has Quart and aiohttp (bench-proxy installs them).
 */
class VllmStylePdProxyTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String PYTHON = "/usr/bin/python3";
  private final Vertx vertx = Vertx.vertx();
  private final HttpClientAgent client = vertx.createHttpClient();
  private Process proxy;

  @TempDir Path logs;

  @AfterEach
  void close() throws InterruptedException {
    if (proxy != null) {
      proxy.destroy();
      proxy.waitFor(10, TimeUnit.SECONDS);
    }
    Await.result(vertx.close(), WAIT);
  }

  @Test
  void prefillsOneTokenThenStreamsTheDecodeWithThePrefillsKvParams() throws Exception {
    assumeTrue(pythonHasQuartAndAiohttp(), "Debian's python3 without quart and aiohttp");
    JsonObject kv = new JsonObject().put("do_remote_prefill", true).put("remote_engine_id", "e1")
        .put("remote_block_ids", new JsonArray().add(7));
    CompletableFuture<JsonObject> prefillBody = new CompletableFuture<>();
    HttpServer prefill = Await.result(vertx.createHttpServer().requestHandler(req -> req.body()
        .onSuccess(body -> {
          prefillBody.complete(body.toJsonObject());
          req.response().putHeader("content-type", "application/json")
              .end(new JsonObject().put("id", "p").put("kv_transfer_params", kv).encode());
        })).listen(0, "127.0.0.1"), WAIT);
    CompletableFuture<JsonObject> decodeBody = new CompletableFuture<>();
    Promise<Void> finish = Promise.promise();
    HttpServer decode = Await.result(vertx.createHttpServer().requestHandler(req -> req.body()
        .onSuccess(body -> {
          decodeBody.complete(body.toJsonObject());
          req.response().setChunked(true).putHeader("content-type", "text/event-stream")
              .write("data: one\n\n");
          finish.future().onSuccess(v -> req.response().end("data: [DONE]\n\n"));
        })).listen(0, "127.0.0.1"), WAIT);
    int port = startProxy(prefill.actualPort(), decode.actualPort());

    JsonObject request = new JsonObject().put("model", "m")
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")))
        .put("max_tokens", 32).put("stream", true)
        .put("stream_options", new JsonObject().put("include_usage", true));
    StreamedBody streamed = new StreamedBody();
    HttpClientResponse response = Await.result(client.request(HttpMethod.POST, port, "127.0.0.1",
            "/v1/chat/completions")
        .compose(req -> req.putHeader("content-type", "application/json")
            .send(Buffer.buffer(request.encode())))
        .onSuccess(streamed::listen), WAIT);

    // The decode worker holds its answer open: its first event must already be through.
    streamed.assertFirstChunkBeforeEnd("data: one\n\n", finish, WAIT);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(streamed.text()).isEqualTo("data: one\n\ndata: [DONE]\n\n");

    JsonObject prefilled = prefillBody.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(prefilled.getInteger("max_tokens")).isEqualTo(1);
    assertThat(prefilled.getBoolean("stream")).isFalse();
    assertThat(prefilled.containsKey("stream_options")).isFalse();
    assertThat(prefilled.getJsonArray("messages")).isEqualTo(request.getJsonArray("messages"));
    assertThat(prefilled.getJsonObject("kv_transfer_params").getBoolean("do_remote_decode")).isTrue();
    assertThat(prefilled.getJsonObject("kv_transfer_params").getBoolean("do_remote_prefill")).isFalse();
    JsonObject decoded = decodeBody.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(decoded.copy().put("kv_transfer_params", null).fieldNames())
        .containsExactlyInAnyOrderElementsOf(request.copy().put("kv_transfer_params", null).fieldNames());
    assertThat(decoded.getInteger("max_tokens")).isEqualTo(32);
    assertThat(decoded.getBoolean("stream")).isTrue();
    assertThat(decoded.getJsonObject("kv_transfer_params")).isEqualTo(kv);
  }

  /** Starts the script on a free port and waits (bounded) until it accepts connections. */
  private int startProxy(int prefillPort, int decodePort) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path script = Path.of("..", "scripts", "lib", "vllm-style-pd-proxy.py").toAbsolutePath();
    proxy = new ProcessBuilder(PYTHON, script.toString(), "--port", String.valueOf(port),
        "--prefill", "http://127.0.0.1:" + prefillPort, "--decode", "http://127.0.0.1:" + decodePort)
        .redirectErrorStream(true).redirectOutput(logs.resolve("proxy.log").toFile()).start();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return port;
      } catch (IOException notYet) {
        assertThat(proxy.isAlive()).as("the proxy exited: %s", Files.readString(logs.resolve("proxy.log")))
            .isTrue();
        assertThat(System.nanoTime()).as("the proxy did not listen within %s", WAIT).isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }

  private static boolean pythonHasQuartAndAiohttp() throws InterruptedException {
    try {
      Process check = new ProcessBuilder(PYTHON, "-c", "import quart, aiohttp").start();
      return check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
    } catch (IOException noPython) {
      return false;
    }
  }
}
