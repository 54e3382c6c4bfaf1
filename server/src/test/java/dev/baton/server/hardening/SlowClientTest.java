package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;


import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP/1.1 clients that hold connections without finishing anything: slowloris heads, slow POST
 * bodies, idle keep-alive connections, and more connections than the listener allows. Each is cut
 * by its timeout or the cap, Baton's heap and descriptors return to where they were, and a normal
 * request is served during and after.
 */
class SlowClientTest {
  private static final int CLIENTS = 50;
  private static final int CAP = 40;
  private static final String FULL_REQUEST = H1Socket.postHead("/v1/completions",
      HardenedBaton.BODY.length(), HardenedBaton.KEY) + HardenedBaton.BODY;

  @RegisterExtension final TestBed bed = new TestBed();
  private final List<H1Socket> sockets = new ArrayList<>();
  private ScriptedWorker worker;
  private BatonServer baton;
  private Baseline baseline;

  @BeforeEach
  void start() throws Exception {
    worker = bed.worker(ex -> ex.json(200, HardenedBaton.ANSWER));
    baton = HardenedBaton.start(bed, worker.url(), """
          connections: %d
          maxConnectionsPerWorker: 4
          clientTimeouts: {header: 1s, body: 1500ms, idle: 1s}
        """.formatted(CAP));
    HardenedBaton.assertServed(baton);
    baseline = Baseline.take("slow clients", baton);
  }

  @AfterEach
  void backToBaseline() throws Exception {
    for (H1Socket s : sockets) {
      s.close();
    }
    // Up to 4 pooled connections to the worker may have opened meanwhile (2 descriptors each here)
    // on each event loop: every loop has its own pool, though at most 4 calls are in flight.
    int loops = 0;
    for (EventExecutor loop : ((VertxInternal) bed.vertx()).nettyEventLoopGroup()) {
      loops++;
    }
    baseline.assertReturned(32L << 20, 8 * loops + 5);
    HardenedBaton.assertServed(baton);
  }

  private H1Socket open() throws IOException {
    H1Socket s = new H1Socket(baton.port());
    sockets.add(s);
    return s;
  }

  /** Sends {@code line} on every socket every 200 ms until the server closed them all or 6 s. */
  private long trickle(String line, long start) throws Exception {
    while (System.nanoTime() - start < 6_000_000_000L) {
      boolean open = false;
      for (H1Socket s : sockets) {
        if (!s.closedByServer()) {
          try {
            s.send(line);
          } catch (IOException e) {
            // closed by the server between two lines
          }
          open |= !s.closedWithin(1);
        }
      }
      if (!open) {
        break;
      }
      Thread.sleep(200);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void slowlorisHeadsAreCutAfterTheHeaderTimeout() throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < CLIENTS; i++) {
      open().send("POST /v1/completions HTTP/1.1\r\nHost: baton\r\n");
    }
    // The same on a connection that already served a request (keep-alive).
    H1Socket kept = open().send(FULL_REQUEST);
    assertThat(kept.readUntil(HardenedBaton.ANSWER, 5_000)).startsWith("HTTP/1.1 200");
    kept.send("POST /v1/completions HTTP/1.1\r\n");
    HardenedBaton.assertServed(baton);
    long tookMs = trickle("X-Slow: 1\r\n", start);
    assertThat(sockets).allSatisfy(s -> assertThat(s.closedByServer()).isTrue());
    assertThat(tookMs).isBetween(900L, 5_000L);
    assertThat(sockets.subList(0, CLIENTS)).allSatisfy(s -> assertThat(s.seen()).isEmpty());
  }

  @Test
  void slowPostBodiesAreCutAfterTheBodyTimeout() throws Exception {
    long start = System.nanoTime();
    // A complete head counts against the cap, so the normal request is only sure of its place
    // while one is free: fill all but one, wait until Baton counted them, then the normal request.
    // (Sent after all 50, it raced their heads to the last place and was refused when it lost.)
    for (int i = 0; i < CAP - 1; i++) {
      open().send(H1Socket.postHead("/v1/completions", 100_000, HardenedBaton.KEY));
    }
    Await.until("the slow bodies hold all but one place",
        () -> baton.frontDoorGuard().connections() == CAP - 1);
    HardenedBaton.assertServed(baton);
    Await.until("the normal request's place is free again",
        () -> baton.frontDoorGuard().connections() == CAP - 1);
    // The rest: one takes the last place, the ten past the cap are refused.
    for (int i = CAP - 1; i < CLIENTS; i++) {
      open().send(H1Socket.postHead("/v1/completions", 100_000, HardenedBaton.KEY));
    }
    Await.until("the cap is full", () -> baton.frontDoorGuard().connections() == CAP);
    long tookMs = trickle("x".repeat(16), start);
    assertThat(sockets).allSatisfy(s -> assertThat(s.closedByServer()).isTrue());
    assertThat(tookMs).isBetween(1_400L, 5_000L);
    assertThat(worker.requests.get()).as("no slow body reached the worker").isEqualTo(2);
  }

  @Test
  void idleKeepAliveConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
    for (int i = 0; i < CLIENTS / 2; i++) {
      open().send(FULL_REQUEST);
    }
    for (H1Socket s : sockets) {
      assertThat(s.readUntil(HardenedBaton.ANSWER, 5_000)).startsWith("HTTP/1.1 200");
    }
    HardenedBaton.assertServed(baton);
    for (H1Socket s : sockets) {
      assertThat(s.closedWithin(5_000)).as("idle connection closed").isTrue();
    }
  }

  @Test
  void connectionsPastTheCapAreClosedAsSoonAsTheySpeak() throws Exception {
    for (int i = 0; i < CAP + 10; i++) {
      open().send(FULL_REQUEST);
    }
    int served = 0;
    int refused = 0;
    for (H1Socket s : sockets) {
      String seen = s.readUntil(HardenedBaton.ANSWER, 2_000);
      if (seen.startsWith("HTTP/1.1 200")) {
        served++;
      } else if (s.closedWithin(2_000) && s.seen().isEmpty()) {
        refused++;
      }
    }
    assertThat(served).isEqualTo(CAP);
    assertThat(refused).isEqualTo(sockets.size() - served);
  }
}
