package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients with a valid key that send most of a large body and stall: the body budget admits only
 * what fits (the rest get 503 at once), and the admitted ones are cut after the body timeout.
 * Scaled down (256 KiB bodies, a budget of 4.5 of them) to stay fast; the shape is the attack's.
 * The half body left over is what keeps small, well-behaved requests served during the attack.
 */
class SlowBodyTest {
  private static final int CLIENTS = 120;
  private static final int BODY = 256 * 1024;
  private static final int SENT = 200 * 1024;

  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void stalledBodiesAreBoundedByTheBudgetAndCutAfterTheBodyTimeout() throws Exception {
    ScriptedWorker worker = bed.worker(ex -> ex.json(200, HardenedBaton.ANSWER));
    BatonServer baton = HardenedBaton.start(bed, worker.url(), """
          maxBodyBytes: %d
          maxBufferedBodyBytes: %d
          clientTimeouts: {body: 1500ms}
        """.formatted(BODY, 4 * BODY + BODY / 2));
    HardenedBaton.assertServed(baton);
    Baseline baseline = Baseline.take("slow bodies", baton);

    List<H1Socket> clients = new ArrayList<>();
    Set<H1Socket> brokenOnBody = new HashSet<>();
    byte[] part = "x".repeat(SENT).getBytes();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        H1Socket client = new H1Socket(baton.port());
        clients.add(client);
        client.send(H1Socket.postHead("/v1/completions", BODY, HardenedBaton.KEY));
        try {
          client.send(part);
        } catch (IOException e) {
          // Refused on its head: the 503 and the close may beat the body, whose write then breaks.
          brokenOnBody.add(client);
        }
      }
      HardenedBaton.assertServed(baton);
      int busy = 0;
      int cut = 0;
      for (H1Socket client : clients) {
        assertThat(client.closedWithin(10_000)).as("every stalled upload ends").isTrue();
        if (brokenOnBody.contains(client) && client.seen().isEmpty()) {
          busy++;
        } else if (client.seen().startsWith("HTTP/1.1 503")) {
          assertThat(client.seen()).contains("server_busy");
          busy++;
        } else {
          assertThat(client.seen()).as("an admitted upload gets no answer, only cut").isEmpty();
          cut++;
        }
      }
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("slow bodies: %d refused at once, %d admitted and cut; all ended in %d ms%n",
          busy, cut, tookMs);
      assertThat(cut).as("admitted what the budget holds").isEqualTo(4);
      assertThat(busy).isEqualTo(CLIENTS - cut);
      assertThat(tookMs).as("cut after the body timeout, not before").isBetween(1400L, 9000L);
    } finally {
      for (H1Socket client : clients) {
        client.close();
      }
    }
    Await.until("the body budget is free again",
        () -> baton.frontDoorGuard().bodies().reserved() == 0, Duration.ofSeconds(10));
    baseline.assertReturned(32L << 20, Baseline.EXTRA_FDS);
    HardenedBaton.assertServed(baton);
    assertThat(worker.requests.get()).isEqualTo(3);
  }
}
