package dev.baton.server.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Counters kept as one plain {@code long[]} per recording thread and added up by whoever reads
 * them: the event loops record latencies without sharing a cache line or a CAS, and a scrape or a
 * dashboard read walks every thread's array ({@link LoopHistogram}, {@link LivePercentiles}).
 *
 * <p>Why a concurrent read is safe: each cell has one writer, its thread, so an increment needs no
 * atomic read-modify-write; cells are written and read with opaque access, which makes every read
 * of a {@code long} whole (never torn) and coherent (a later read never returns an older value).
 * A cell that tags others (a period number) is published with release and read with acquire, so a
 * read that sees the tag sees what was written under it before. A thread's array stays after the
 * thread ends: its counts are part of the totals.
 */
final class ThreadCells {
  private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

  private final List<long[]> all = new CopyOnWriteArrayList<>();
  private final ThreadLocal<long[]> mine;

  /** @param newCells a new thread's cells, as they start */
  ThreadCells(Supplier<long[]> newCells) {
    this.mine = ThreadLocal.withInitial(() -> {
      long[] cells = newCells.get();
      all.add(cells);
      return cells;
    });
  }

  /** The calling thread's cells, to be written by it alone with the methods below. */
  long[] mine() {
    return mine.get();
  }

  /** Every thread's cells, to be read with {@link #read} and {@link #readTag}. */
  List<long[]> all() {
    return all;
  }

  /** Adds {@code delta} to a cell of the calling thread's own cells. */
  static void add(long[] cells, int index, long delta) {
    CELL.setOpaque(cells, index, cells[index] + delta);
  }

  /** Sets a cell of the calling thread's own cells. */
  static void set(long[] cells, int index, long value) {
    CELL.setOpaque(cells, index, value);
  }

  /** Sets a tag cell: a reader that sees the value sees every cell written before it. */
  static void setTag(long[] cells, int index, long value) {
    CELL.setRelease(cells, index, value);
  }

  /** A cell of any thread's cells, read whole. */
  static long read(long[] cells, int index) {
    return (long) CELL.getOpaque(cells, index);
  }

  /** A tag cell of any thread's cells (see {@link #setTag}). */
  static long readTag(long[] cells, int index) {
    return (long) CELL.getAcquire(cells, index);
  }
}
