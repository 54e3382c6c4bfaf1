package dev.baton.server.http;

import static dev.baton.server.testing.TestConfigs.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The relay over real sockets: streaming, headers, mid-stream failure, aborts and backpressure. */
class RelayTest {
  private static final String CHAT =
      "{\"model\":\"" + MODEL + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @RegisterExtension final TestBed bed = new TestBed();
  private BatonServer baton;

  private int inFlight() {
    return baton.runtime().get().endpoints().mapToInt(e -> e.inFlightRequests()).sum();
  }

  @Test
  void streamsEventsAndCarriesRequestIdAndDropsHopByHopHeaders() {
    ScriptedWorker w = bed.worker(ex -> {
      ex.response().putHeader("x-worker", "yes").putHeader("keep-alive", "timeout=5");
      ex.sseHead();
      ex.event("{\"n\":1}");
      ex.event("{\"n\":2}");
      ex.response().end("data: [DONE]\n\n");
    });
    baton = bed.baton(TestConfigs.aggregated(w.url()));
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions", CHAT,
        Map.of("x-request-id", "req-42", "x-custom", "kept"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
    assertThat(r.body()).isEqualTo("data: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: [DONE]\n\n");
    assertThat(r.headers().firstValue("x-request-id")).hasValue("req-42");
    assertThat(r.headers().firstValue("x-worker")).hasValue("yes");
    assertThat(r.headers().firstValue("keep-alive")).isEmpty();
    assertThat(w.headers.get(0).get("x-request-id")).isEqualTo("req-42");
    assertThat(w.headers.get(0).get("x-custom")).isEqualTo("kept");
    // The body went upstream as the client sent it.
    assertThat(w.bodies.get(0).encode()).isEqualTo(new io.vertx.core.json.JsonObject(CHAT).encode());
    Await.until("in-flight back to zero", () -> inFlight() == 0);
  }

  @Test
  void generatesRequestIdWhenAbsentAndStripsClientKvTransferParams() {
    ScriptedWorker w = bed.worker(ex -> ex.json(200, "{\"ok\":true}"));
    baton = bed.baton(TestConfigs.aggregated(w.url()));
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/completions",
        "{\"model\":\"" + MODEL + "\",\"prompt\":\"hi\",\"kv_transfer_params\":{\"remote_host\":\"10.6.6.6\"}}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"ok\":true}");
    String id = r.headers().firstValue("x-request-id").orElseThrow();
    assertThat(w.headers.get(0).get("x-request-id")).isEqualTo(id);
    assertThat(w.bodies.get(0).containsKey("kv_transfer_params")).isFalse();
  }

  @Test
  void otherV1RoutesGoToAWorkerOfTheModel() {
    ScriptedWorker w = bed.worker(
        ex -> ex.json(200, "{\"path\":\"" + ex.request().path() + "\"}"));
    baton = bed.baton(TestConfigs.aggregated(w.url()));
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/embeddings",
        "{\"model\":\"" + MODEL + "\",\"input\":\"hi\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"path\":\"/v1/embeddings\"}");
    HttpResponse<String> noModel = Http.get(baton.baseUrl() + "/v1/files");
    assertThat(noModel.statusCode()).isEqualTo(404);
    Http.error(noModel);
  }

  @Test
  void servesHttp2Cleartext() {
    ScriptedWorker w = bed.worker(ex -> ex.json(200, "{\"ok\":true}"));
    baton = bed.baton(TestConfigs.aggregated(w.url()));
    HttpClientAgent h2 = bed.vertx().createHttpClient(
        new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    try {
      var response = Await.get(h2.request(new RequestOptions().setMethod(HttpMethod.POST)
              .setPort(baton.port()).setHost("127.0.0.1").setURI("/v1/completions"))
          .compose(req -> req.send("{\"model\":\"" + MODEL + "\",\"prompt\":\"hi\"}")
              .compose(resp -> resp.body().map(b -> resp.version() + " " + resp.statusCode() + " " + b))));
      assertThat(response).isEqualTo("HTTP_2 200 {\"ok\":true}");
    } finally {
      Await.get(h2.close());
    }
  }

  @Test
  void workerFailingMidStreamEndsTheStreamWithAnErrorEvent() {
    ScriptedWorker w = bed.worker(ex -> {
      ex.sseHead();
      ex.event("{\"n\":1}");
      ex.request().connection().close();
    });
    baton = bed.baton(TestConfigs.aggregated(w.url()));
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions", CHAT);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("data: {\"n\":1}\n\ndata: {\"error\":{");
    assertThat(r.body()).endsWith("data: [DONE]\n\n");
    Await.until("in-flight back to zero", () -> inFlight() == 0);
    assertThat(baton.relayCounters().midStreamFailures()).isEqualTo(1);
  }

  @Test
  void silentStreamEndsAfterIdleTimeout() {
    ScriptedWorker w = bed.worker(ex -> {
      ex.sseHead();
      ex.event("{\"n\":1}");
    });
    baton = bed.baton(TestConfigs.aggregated(TestConfigs.timeouts(1000, 5000, 300), w.url()));
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions", CHAT);
    assertThat(r.body()).contains("\"code\":\"worker_timeout\"").endsWith("data: [DONE]\n\n");
    Await.until("worker saw the abort", () -> w.hangUps.get() == 1);
    Await.until("in-flight back to zero", () -> inFlight() == 0);
  }

  @Test
  void clientDisconnectAbortsTheWorkerAndReleasesInFlight() throws Exception {
    ScriptedWorker w = bed.worker(ex -> {
      ex.sseHead();
      ex.event("{\"n\":0}");
      long timer = bed.vertx().setPeriodic(20, id -> ex.event("{\"n\":1}"));
      ex.response().closeHandler(v -> {
        bed.vertx().cancelTimer(timer);
        w0(ex).hangUps.incrementAndGet();
      });
    });
    baton = bed.baton(TestConfigs.aggregated(w.url()));
    try (Socket socket = rawRequest(CHAT, 0)) {
      InputStream in = socket.getInputStream();
      readUntil(in, "data: {\"n\":1}");
      Await.until("in flight", () -> inFlight() == 1);
    }
    Await.until("worker saw the client leave", () -> w.hangUps.get() >= 1);
    Await.until("in-flight back to zero", () -> inFlight() == 0);
    assertThat(baton.relayCounters().clientAborts()).isEqualTo(1);
  }

  private static ScriptedWorker w0(ScriptedWorker.Exchange ex) {
    return ex.worker();
  }

  @Test
  void slowReaderPausesTheWorkerInsteadOfBuffering() throws Exception {
    int events = 10_000;
    int size = 16 * 1024;
    long total = (long) events * (size + 8);
    ScriptedWorker w = bed.worker(ex -> ex.flood(events, size));
    baton = bed.baton(TestConfigs.aggregated(TestConfigs.timeouts(1000, 5000, 60_000), w.url()));
    try (Socket socket = rawRequest(CHAT, 64 * 1024)) {
      // The client reads nothing: Baton must pause the worker, and the worker must stall.
      Await.until("relay paused", () -> baton.relayCounters().pausedNow() == 1);
      Await.until("worker blocked by backpressure", () -> w.blocked.get());
      long stalledAt = w.bytesWritten.get();
      assertThat(w.finished.get()).isFalse();
      // Kernel socket buffers on both hops plus one write queue: far below the stream's size.
      assertThat(stalledAt).isLessThan(total / 2);
      // Now read it all: the stream resumes and arrives whole.
      long read = drain(socket.getInputStream());
      assertThat(w.finished.get()).isTrue();
      assertThat(read).isGreaterThan(total);
      assertThat(baton.relayCounters().pauses()).isGreaterThanOrEqualTo(1);
    }
    Await.until("in-flight back to zero", () -> inFlight() == 0);
  }

  private Socket rawRequest(String body, int receiveBuffer) throws Exception {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", baton.port()), 10_000);
    socket.setSoTimeout(30_000);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
    return socket;
  }

  private static void readUntil(InputStream in, String marker) throws Exception {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
      int n = in.read(buf);
      if (n < 0) {
        throw new AssertionError("stream ended before " + marker + ": " + seen);
      }
      seen.write(buf, 0, n);
    }
  }

  /** Reads until the final event; returns the bytes read. */
  private static long drain(InputStream in) throws Exception {
    byte[] buf = new byte[256 * 1024];
    long total = 0;
    byte[] tail = new byte[0];
    while (true) {
      int n = in.read(buf);
      if (n < 0) {
        return total;
      }
      total += n;
      String end = new String(tail, StandardCharsets.US_ASCII)
          + new String(buf, Math.max(0, n - 64), Math.min(n, 64), StandardCharsets.US_ASCII);
      if (end.contains("data: [DONE]")) {
        return total;
      }
      tail = java.util.Arrays.copyOfRange(buf, Math.max(0, n - 16), n);
    }
  }
}
