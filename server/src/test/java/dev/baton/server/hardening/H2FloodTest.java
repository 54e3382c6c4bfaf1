package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Unauthenticated HTTP/2 streams that never finish their request, on connections that never
 * acknowledge Baton's SETTINGS: each connection is held to its stream limit from the first frame,
 * every stream is refused or reset, and Baton's memory stays flat. The admin listener is held to
 * the same limits: {@code /metrics} streams whose answers cannot be written are reset.
 */
class H2FloodTest {
  private static final int CONNECTIONS = 10;
  private static final int STREAMS = 10_000;

  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void tenConnectionsOfTenThousandOpenStreamsWithoutSettingsAckLeaveBatonHealthy()
      throws Exception {
    ScriptedWorker worker = bed.worker(ex -> ex.json(200, HardenedBaton.ANSWER));
    BatonServer baton = HardenedBaton.start(bed, worker.url(), """
          clientTimeouts: {body: 2s}
        """);
    HardenedBaton.assertServed(baton);
    // The well-behaved client's connection closes with its answer.
    Await.until("no connection open", () -> baton.frontDoorGuard().connections() == 0);
    Footprint before = Footprint.now();
    assertThat(before.directBytes()).isGreaterThanOrEqualTo(0);
    long start = System.nanoTime();

    List<H2Wire> wires = new ArrayList<>();
    try {
      for (int c = 0; c < CONNECTIONS; c++) {
        wires.add(H2Wire.open(baton.port(), -1));
      }
      List<Thread> writers = new ArrayList<>();
      for (H2Wire wire : wires) {
        writers.add(Thread.ofPlatform().daemon().start(() -> flood(wire)));
      }
      HardenedBaton.assertServed(baton);
      for (Thread t : writers) {
        t.join(Duration.ofSeconds(30));
      }
      HardenedBaton.assertServed(baton);
      for (H2Wire wire : wires) {
        Await.until("every stream refused or reset",
            () -> wire.everyStreamEnded(STREAMS), Duration.ofSeconds(20));
      }
      Await.until("Baton holds no flood stream", () -> baton.frontDoorGuard().streams() == 0,
          Duration.ofSeconds(20));
      Footprint after = Footprint.now();
      int resets = wires.stream().mapToInt(w -> w.resets.get()).sum();
      long closed = wires.stream().filter(w -> w.closedByServer).count();
      System.out.printf("h2 flood: %s -> %s in %d ms, %d resets, %d of %d connections closed"
          + " by Baton%n", before, after, (System.nanoTime() - start) / 1_000_000, resets, closed,
          CONNECTIONS);
      assertThat(after.retainedSince(before)).isLessThan(100L << 20);
    } finally {
      for (H2Wire wire : wires) {
        wire.close();
      }
    }
    Await.until("every flood connection released",
        () -> baton.frontDoorGuard().connections() == 0, Duration.ofSeconds(20));
    HardenedBaton.assertServed(baton);
    assertThat(Footprint.now().fds() - before.fds()).as("file descriptors").isLessThanOrEqualTo(5);
    assertThat(worker.requests.get()).as("no flood stream reached the worker").isEqualTo(4);
  }

  @Test
  void metricsStreamsWithAZeroWindowOnTheAdminPortAreBoundedAndReset() throws Exception {
    ScriptedWorker worker = bed.worker(ex -> ex.json(200, HardenedBaton.ANSWER));
    BatonServer baton = HardenedBaton.start(bed, worker.url(), """
          clientTimeouts: {writeStall: 1s}
        """);
    Footprint before = Footprint.now();
    List<H2Wire> wires = new ArrayList<>();
    try {
      // 2,000 streams as in the probe, within the per-connection limit: none is refused,
      // each answer stalls on the zero window.
      for (int c = 0; c < 20; c++) {
        H2Wire wire = H2Wire.open(baton.adminPort(), 0);
        wires.add(wire);
        for (int i = 0; i < 100; i++) {
          wire.headers(1 + 2 * i, "GET", "/metrics", null, true);
        }
        wire.flush();
      }
      for (H2Wire wire : wires) {
        Await.until("every stalled metrics stream reset", () -> wire.resets.get() == 100,
            Duration.ofSeconds(20));
        assertThat(wire.closedByServer).isFalse();
      }
      assertThat(Http.get(baton.adminUrl() + "/metrics").statusCode()).isEqualTo(200);
      Footprint after = Footprint.now();
      System.out.printf("admin zero-window flood: %s -> %s%n", before, after);
      assertThat(after.retainedSince(before)).isLessThan(32L << 20);
    } finally {
      for (H2Wire wire : wires) {
        wire.close();
      }
    }
    assertThat(Http.get(baton.adminUrl() + "/metrics").statusCode()).isEqualTo(200);
    HardenedBaton.assertServed(baton);
  }

  private static void flood(H2Wire wire) {
    try {
      for (int i = 0; i < STREAMS; i++) {
        wire.headers(1 + 2 * i, "POST", "/v1/completions", null, false);
        if (i % 500 == 499) {
          wire.flush();
        }
      }
      wire.flush();
    } catch (java.io.IOException e) {
      // Baton closed the connection under the flood: that is one of the expected ends.
    }
  }
}
