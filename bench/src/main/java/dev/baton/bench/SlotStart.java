package dev.baton.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * How a closed-loop run starts its slots: {@link #BATCH} per lane per timer tick, not all at once.
 * Queuing every slot's first request at once put thousands of connects into one run of each event
 * loop's task queue, with no socket read in between: with 8,000 slots on a loaded machine a cold,
 * starved loop was reported blocked for seconds (issue 18) and the server's accept queue overflowed.
 */
final class SlotStart {
  /** Slots each lane starts per tick: about a millisecond of work for a warm loop. */
  static final int BATCH = 32;

  private SlotStart() {}

  /**
   * Starts {@code slots} slots over {@code lanes}, slot i on lane i mod lanes, until all started or
   * {@code stopping} says the run ends.
   */
  static void inBatches(Vertx vertx, List<Context> lanes, int slots, BooleanSupplier stopping,
      Consumer<Context> send) {
    next(vertx, lanes, 0, slots, stopping, send);
  }

  private static void next(Vertx vertx, List<Context> lanes, int from, int slots,
      BooleanSupplier stopping, Consumer<Context> send) {
    int to = Math.min(slots, from + BATCH * lanes.size());
    for (int slot = from; slot < to; slot++) {
      Context lane = lanes.get(slot % lanes.size());
      lane.runOnContext(v -> send.accept(lane));
    }
    if (to < slots && !stopping.getAsBoolean()) {
      vertx.setTimer(1, id -> next(vertx, lanes, to, slots, stopping, send));
    }
  }
}
