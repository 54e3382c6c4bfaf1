package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.TestBed;
import dev.baton.transfer.testing.ScriptedWorker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP/2 rapid reset: complete POST streams reset right behind their body. Resets are counted per
 * client address over time, so reconnecting does not start the count afresh, and a stream reset
 * in the same read as its body never reaches a worker.
 */
class RapidResetTest {
  private static final byte[] BODY = HardenedBaton.BODY.getBytes(StandardCharsets.UTF_8);
  private static final String AUTH = "Bearer " + HardenedBaton.KEY;

  @RegisterExtension final TestBed bed = new TestBed();

  /** Sends {@code count} complete POST streams from id 1, each reset right behind its body. */
  private static void resetStreams(H2Wire wire, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      int id = 1 + 2 * i;
      wire.headers(id, "POST", "/v1/completions", AUTH, false);
      wire.data(id, BODY, true);
      wire.rst(id);
    }
    wire.flush();
  }

  /** Stream 41, not reset: once it is answered, Baton has read every frame before it. */
  private static void probe(H2Wire wire) throws Exception {
    wire.headers(41, "POST", "/v1/completions", AUTH, false);
    wire.data(41, BODY, true);
    wire.flush();
  }

  @Test
  void resetsCountPerAddressAcrossReconnects() throws Exception {
    ScriptedWorker worker = bed.worker(ex -> ex.json(200, HardenedBaton.ANSWER));
    BatonServer baton = HardenedBaton.start(bed, worker.url(), """
          http2: {maxResetsPerAddress: 100, resetWindow: 30s}
        """);
    Footprint before = Footprint.now();
    int connections = 0;
    boolean cutOff = false;
    // 20 resets a connection stays far below the per-connection limit (200 per 30 s).
    while (!cutOff && connections < 20) {
      try (H2Wire wire = H2Wire.open(baton.port(), -1)) {
        connections++;
        resetStreams(wire, 20);
        probe(wire);
        Await.until("Baton read the resets", () -> wire.closedByServer || wire.answered.get(41));
        cutOff = wire.closedByServer;
      } catch (IOException e) {
        cutOff = true;
      }
    }
    assertThat(connections).as("cut off past 100 resets, on the 6th connection").isEqualTo(6);
    try (H2Wire again = H2Wire.open(baton.port(), -1)) {
      try {
        again.headers(1, "POST", "/v1/completions", AUTH, true);
        again.flush();
      } catch (IOException brokenPipe) {
        // Refused so fast that the request met a closed socket: what the test expects.
      }
      Await.until("a new connection from the address is refused", () -> again.closedByServer,
          Duration.ofSeconds(10));
      assertThat(again.answered.get(1)).isFalse();
    } catch (IOException refusedBeforeThePreface) {
      // Refused before the preface was written: refused all the same.
    }
    HardenedBaton.assertServed(baton);
    Await.until("connections released", () -> baton.frontDoorGuard().connections() == 0);
    Footprint after = Footprint.now();
    assertThat(after.retainedSince(before)).isLessThan(32L << 20);
    // Room for the keep-alive connections Baton may still pool to the worker.
    assertThat(after.fds() - before.fds()).isLessThanOrEqualTo(8);
  }

  @Test
  void aStreamResetBehindItsBodyNeverReachesAWorker() throws Exception {
    ScriptedWorker worker = bed.worker(ex -> ex.json(200, HardenedBaton.ANSWER));
    BatonServer baton = HardenedBaton.start(bed, worker.url(), """
          http2: {maxResetsPerAddress: 100000}
        """);
    Footprint before = Footprint.now();
    int streams = 0;
    for (int c = 0; c < 25; c++) {
      try (H2Wire wire = H2Wire.open(baton.port(), -1)) {
        resetStreams(wire, 20);
        streams += 20;
        probe(wire);
        Await.until("the closing stream is answered", () -> wire.answered.get(41));
      }
    }
    HardenedBaton.assertServed(baton);
    int reached = worker.requests.get() - 25 - 1;
    System.out.printf("rapid reset: %d of %d reset POST streams reached the worker%n", reached,
        streams);
    // A reset that the kernel hands over in a later read than its body still gets through (2 to 13
    // of 500 seen on a loaded machine); without the deferral about half of them do (236 of 500).
    assertThat(reached).isLessThanOrEqualTo(streams / 10);
    Await.until("connections released", () -> baton.frontDoorGuard().connections() == 0);
    Footprint after = Footprint.now();
    assertThat(after.retainedSince(before)).isLessThan(32L << 20);
    // Room for the keep-alive connections Baton may still pool to the worker.
    assertThat(after.fds() - before.fds()).isLessThanOrEqualTo(8);
  }
}
