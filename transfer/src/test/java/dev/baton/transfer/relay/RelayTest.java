package dev.baton.transfer.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.transfer.testing.Await;
import dev.baton.transfer.testing.ExchangeBed;
import dev.baton.transfer.testing.Http;
import dev.baton.transfer.testing.Rig;
import dev.baton.transfer.testing.ScriptedWorker;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The relay over real sockets, through the worker-call stack: streaming, headers, mid-stream
 * failure, idle timeout, aborts and backpressure.
 */
class RelayTest {
  private static final String CHAT =
      "{\"model\":\"" + Rig.MODEL + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @RegisterExtension final ExchangeBed bed = new ExchangeBed();
  private Rig baton;

  private int inFlight() {
    return baton.inFlight();
  }

  private Rig aggregated(ScriptedWorker worker) {
    return Rig.builder().decode(worker.url()).start(bed);
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
    baton = aggregated(w);
    HttpResponse<String> r = Http.post(baton.url("/v1/chat/completions"), CHAT,
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
  void theHeadOfAStreamReachesTheClientBeforeItsFirstEvent() throws Exception {
    AtomicBoolean headSeen = new AtomicBoolean();
    ScriptedWorker w = bed.worker(ex -> {
      ex.sseHead();
      // The first event waits for the client to have the head: a head held back for it would
      // leave both waiting until the socket's read timeout.
      bed.vertx().setPeriodic(2, id -> {
        if (headSeen.get()) {
          bed.vertx().cancelTimer(id);
          ex.event("{\"n\":1}");
          ex.response().end("data: [DONE]\n\n");
        }
      });
    });
    baton = aggregated(w);
    try (Socket socket = rawRequest(CHAT, 0)) {
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      String head = readUntil(in, "\r\n\r\n");
      assertThat(head).startsWith("HTTP/1.1 200").contains("text/event-stream").doesNotContain("data:");
      headSeen.set(true);
      assertThat(readUntil(in, "data: [DONE]")).contains("data: {\"n\":1}");
    }
    Await.until("in-flight back to zero", () -> inFlight() == 0);
  }

  @Test
  void workerFailingMidStreamEndsTheStreamWithAnErrorEvent() {
    ScriptedWorker w = bed.worker(ex -> {
      ex.sseHead();
      ex.event("{\"n\":1}");
      ex.request().connection().close();
    });
    baton = aggregated(w);
    HttpResponse<String> r = Http.post(baton.url("/v1/chat/completions"), CHAT);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("data: {\"n\":1}\n\ndata: {\"error\":{");
    assertThat(r.body()).endsWith("data: [DONE]\n\n");
    Await.until("in-flight back to zero", () -> inFlight() == 0);
    assertThat(baton.relayCounters.midStreamFailures()).isEqualTo(1);
  }

  @Test
  void silentStreamEndsAfterIdleTimeout() {
    ScriptedWorker w = bed.worker(ex -> {
      ex.sseHead();
      ex.event("{\"n\":1}");
    });
    baton = Rig.builder().decode(w.url()).timeouts(1000, 5000, 300).start(bed);
    HttpResponse<String> r = Http.post(baton.url("/v1/chat/completions"), CHAT);
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
    baton = aggregated(w);
    try (Socket socket = rawRequest(CHAT, 0)) {
      InputStream in = socket.getInputStream();
      readUntil(in, "data: {\"n\":1}");
      Await.until("in flight", () -> inFlight() == 1);
    }
    Await.until("worker saw the client leave", () -> w.hangUps.get() >= 1);
    Await.until("in-flight back to zero", () -> inFlight() == 0);
    assertThat(baton.relayCounters.clientAborts()).isEqualTo(1);
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
    baton = Rig.builder().decode(w.url()).timeouts(1000, 5000, 60_000).start(bed);
    try (Socket socket = rawRequest(CHAT, 64 * 1024)) {
      // The client reads nothing: Baton must pause the worker, and the worker must stall.
      Await.until("relay paused", () -> baton.relayCounters.pausedNow() == 1);
      Await.until("worker blocked by backpressure", () -> w.blocked.get());
      long stalledAt = w.bytesWritten.get();
      assertThat(w.finished.get()).isFalse();
      // Kernel socket buffers on both hops plus one write queue: far below the stream's size.
      assertThat(stalledAt).isLessThan(total / 2);
      // Now read it all: the stream resumes and arrives whole.
      long read = drain(socket.getInputStream());
      assertThat(w.finished.get()).isTrue();
      assertThat(read).isGreaterThan(total);
      assertThat(baton.relayCounters.pauses()).isGreaterThanOrEqualTo(1);
    }
    Await.until("in-flight back to zero", () -> inFlight() == 0);
  }

  private Socket rawRequest(String body, int receiveBuffer) throws Exception {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", baton.front.port()), 10_000);
    socket.setSoTimeout(30_000);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
    return socket;
  }

  /** Reads until {@code marker} has arrived; returns what was read. */
  private static String readUntil(InputStream in, String marker) throws Exception {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
      int n = in.read(buf);
      if (n < 0) {
        throw new AssertionError("stream ended before " + marker + ": " + seen);
      }
      seen.write(buf, 0, n);
    }
    return seen.toString(StandardCharsets.UTF_8);
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
