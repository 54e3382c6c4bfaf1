package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that stops reading its stream holds one admission slot (here the only one) while the
 * worker floods it: after the write-stall timeout the exchange ends, the worker call is aborted and
 * the slot serves the next client, who would otherwise wait for the queue timeout and get 429.
 */
class WriteStallTest {
  private static final String FLOOD = """
      {"model":"m","prompt":"flood","max_tokens":2,"stream":true}""";

  @RegisterExtension final TestBed bed = new TestBed();
  private ScriptedWorker worker;
  private BatonServer baton;
  private Baseline baseline;

  @BeforeEach
  void start() {
    worker = bed.worker(ex -> {
      if (ex.body().toString().contains("flood")) {
        ex.flood(1_000_000, 1024);
      } else {
        ex.json(200, HardenedBaton.ANSWER);
      }
    });
    baton = HardenedBaton.start(bed, worker.url(), """
          clientTimeouts: {writeStall: 1s}
        """, """
        admission: {maxInFlight: 1, queueTimeout: 20s}
        """);
    HardenedBaton.assertServed(baton);
    baseline = Baseline.take("write stall", baton);
  }

  /** The next client, queued behind the stalled one; served once the stall ends the exchange. */
  private CompletableFuture<Void> nextClient() {
    return CompletableFuture.runAsync(() -> HardenedBaton.assertServed(baton));
  }

  private void assertSlotReleased(CompletableFuture<Void> next) throws Exception {
    next.get(15, java.util.concurrent.TimeUnit.SECONDS);
    Await.until("the worker call was aborted", () -> worker.hangUps.get() == 1);
  }

  private void assertBackToBaseline() {
    baseline.assertReturned(32L << 20, Baseline.EXTRA_FDS);
    HardenedBaton.assertServed(baton);
  }

  @Test
  void anHttp2StreamWithAZeroWindowIsResetAndReleasesItsSlot() throws Exception {
    try (H2Wire wire = H2Wire.open(baton.port(), 0)) {
      wire.headers(1, "POST", "/v1/completions", "Bearer " + HardenedBaton.KEY, false);
      wire.data(1, FLOOD.getBytes(StandardCharsets.UTF_8), true);
      wire.flush();
      Await.until("the worker is held back by the stalled client", () -> worker.blocked.get());
      CompletableFuture<Void> next = nextClient();
      assertSlotReleased(next);
      Await.until("the stalled stream was reset", () -> wire.everyStreamEnded(1));
      assertThat(wire.reset.get(1)).isTrue();
    }
    assertBackToBaseline();
  }

  @Test
  void anHttp1ClientThatStopsReadingIsClosedAndReleasesItsSlot() throws Exception {
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new InetSocketAddress("127.0.0.1", baton.port()), 5_000);
      byte[] body = FLOOD.getBytes(StandardCharsets.UTF_8);
      socket.getOutputStream().write((H1Socket.postHead("/v1/completions", body.length,
          HardenedBaton.KEY)).getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(body);
      socket.getOutputStream().flush();
      Await.until("the worker is held back by the stalled client", () -> worker.blocked.get());
      CompletableFuture<Void> next = nextClient();
      assertSlotReleased(next);
    }
    assertBackToBaseline();
  }
}
