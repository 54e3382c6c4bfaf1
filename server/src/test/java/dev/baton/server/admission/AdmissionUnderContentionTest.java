package dev.baton.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.testing.Await;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lock-free admission path hammered by several threads at once, with limits so small that
 * most requests find the slots taken: no limit is ever passed, no waiter is left beside a free slot
 * (each wait is bounded far below the queue timeout), and the counts end at zero.
 */
class AdmissionUnderContentionTest {
  private static final int THREADS = 4;
  private static final int ROUNDS = 5_000;
  private static final int MAX_IN_FLIGHT = 3;
  private static final int SMALL_POOL_LIMIT = 2;

  private final Vertx vertx = Vertx.vertx();
  private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void tearDown() {
    threads.shutdownNow();
    Await.get(vertx.close());
  }

  @Test
  void everyRequestIsServedWithinTheLimitsAndTheCountsEndAtZero() throws Exception {
    AdmissionController c = new AdmissionController(vertx, new AdmissionConfig(MAX_IN_FLIGHT,
        Map.of("small", SMALL_POOL_LIMIT), 1_000, Duration.ofMinutes(5), null, null, null, null));
    AtomicInteger holding = new AtomicInteger();
    AtomicInteger holdingSmall = new AtomicInteger();
    AtomicInteger mostHeld = new AtomicInteger();
    AtomicInteger mostHeldSmall = new AtomicInteger();
    AtomicLong served = new AtomicLong();
    AtomicLong waited = new AtomicLong();
    AtomicLong cancelled = new AtomicLong();

    // Every slot taken before the threads start, so their first requests queue however the
    // scheduler runs them (on a loaded machine the threads may otherwise take turns, never meeting).
    List<Permit> held = new ArrayList<>();
    for (int i = 0; i < MAX_IN_FLIGHT; i++) {
      held.add(Await.get(c.admit("big", "tenant0", 0).permit()));
    }

    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(threads.submit(() -> {
        for (int i = 0; i < ROUNDS; i++) {
          boolean small = (i + thread) % 2 == 0;
          String pool = small ? "small" : "big";
          AdmissionController.Ticket ticket =
              c.admit(pool, "tenant" + (i % 3), (i + thread) % 3);
          if (i % 17 == thread) {
            // A client that leaves at once: its place (or its slot, if granted) goes back.
            ticket.cancel();
            cancelled.incrementAndGet();
            continue;
          }
          if (!ticket.permit().isComplete()) {
            waited.incrementAndGet();
          }
          CompletableFuture<Permit> permit = ticket.permit().toCompletionStage().toCompletableFuture();
          Permit p = permit.get(20, TimeUnit.SECONDS);
          mostHeld.accumulateAndGet(holding.incrementAndGet(), Math::max);
          if (small) {
            mostHeldSmall.accumulateAndGet(holdingSmall.incrementAndGet(), Math::max);
            holdingSmall.decrementAndGet();
          }
          holding.decrementAndGet();
          served.incrementAndGet();
          p.release();
        }
        return null;
      }));
    }
    Await.until("a request queued behind the held slots", () -> c.queued() > 0);
    held.forEach(Permit::release);
    for (Future<?> worker : workers) {
      worker.get(2, TimeUnit.MINUTES);
    }

    assertThat(served.get() + cancelled.get()).isEqualTo((long) THREADS * ROUNDS);
    assertThat(waited.get()).as("the limits made requests queue").isPositive();
    assertThat(mostHeld.get()).isLessThanOrEqualTo(MAX_IN_FLIGHT);
    assertThat(mostHeldSmall.get()).isLessThanOrEqualTo(SMALL_POOL_LIMIT);
    // Permits of cancelled tickets granted meanwhile are released on their event loop.
    Await.until("every slot back", () -> c.inFlight() == 0 && c.queued() == 0);
  }

  @Test
  void slotCountsNeverPassTheirLimitsUnderConcurrentTakes() throws Exception {
    SlotCounters slots = new SlotCounters();
    AtomicInteger most = new AtomicInteger();
    AtomicLong taken = new AtomicLong();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      workers.add(threads.submit(() -> {
        for (int i = 0; i < 50_000; i++) {
          String pool = i % 2 == 0 ? "a" : "b";
          if (slots.tryTake(pool, 5, 3)) {
            taken.incrementAndGet();
            most.accumulateAndGet(slots.total(), Math::max);
            assertThat(slots.inPool(pool)).isLessThanOrEqualTo(3);
            slots.give(pool);
          }
        }
        return null;
      }));
    }
    for (Future<?> worker : workers) {
      worker.get(2, TimeUnit.MINUTES);
    }

    assertThat(taken.get()).isPositive();
    assertThat(most.get()).isLessThanOrEqualTo(5);
    assertThat(slots.total()).isZero();
    assertThat(slots.inPool("a")).isZero();
    assertThat(slots.inPool("b")).isZero();
  }
}
