package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import io.vertx.core.VertxOptions;
import java.time.Duration;

/**
 * Baton's footprint before an attack, and the check that the attack left nothing behind: heap and
 * Netty direct memory ({@link Footprint#retainedSince}) and open file descriptors. Both are taken
 * with no client connection open (each normal request of the suite closes its connection), so a
 * connection the attack left open shows as a failed wait rather than as noise in the figures.
 */
record Baseline(String attack, BatonServer baton, Footprint before) {
  /**
   * What an attack may leave retained. A refused request is meant to hold nothing once answered,
   * so this bounds the measurement's noise, not a budget: heap after a collection moves from one
   * call to the next (metrics series and log records made on first use, the test's own worker
   * recording every request it reaches), and Netty's adaptive allocator keeps the chunks a burst
   * made for a while before it gives them back (the next test's baseline is lower again).
   * Measured: heap +0.05-2.7 MB, direct +1-7 MB (7 after 300 bodies of 90 KB). 32 MB, as the
   * transport tests allow: a request that kept its buffers (a 2-90 KB body, its answer) would
   * pass it within the few hundred requests each attack repeats.
   */
  static final long RETAINED_BYTES = 32L << 20;
  /**
   * Descriptors allowed beyond the baseline: Baton's pools (one per event loop, and the suite's
   * Vert.x has the default number of loops) may each open a connection to the worker meanwhile,
   * which in this JVM costs two (Baton's end and the worker's).
   */
  static final int EXTRA_FDS = 1 + 2 * VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;

  /** Waits until no client connection is open, then measures. */
  static Baseline take(String attack, BatonServer baton) {
    awaitNoConnection(baton);
    return new Baseline(attack, baton, Footprint.now());
  }

  /** Waits until every client connection closed, measures, prints and checks against the baseline. */
  Footprint assertReturned() {
    return assertReturned(RETAINED_BYTES, EXTRA_FDS);
  }

  /** Like {@link #assertReturned()}, with the bounds of an attack that holds more while it lasts. */
  Footprint assertReturned(long retainedBytes, int extraFds) {
    awaitNoConnection(baton);
    Footprint after = Footprint.now();
    long retained = after.retainedSince(before);
    System.out.printf("%s: %s -> %s, retained %+d KB%n", attack, before, after, retained >> 10);
    assertThat(retained).as("%s: heap and direct memory retained", attack)
        .isLessThan(retainedBytes);
    assertThat(after.fds() - before.fds()).as("%s: file descriptors", attack)
        .isLessThanOrEqualTo(extraFds);
    return after;
  }

  private static void awaitNoConnection(BatonServer baton) {
    Await.until("no client connection open", () -> baton.frontDoorGuard().connections() == 0,
        Duration.ofSeconds(10));
  }
}
