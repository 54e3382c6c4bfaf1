package dev.baton.server.admission;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-flight slots taken, over all pools and in each pool, counted without a lock: a slot is
 * taken by a compare-and-set that checks the limit, so no count ever passes its limit, however many
 * event loops take slots at once. Taking a slot takes one in both counts or in neither; between the
 * two steps a count may be one too high for a moment, so whoever gives a slot back (or fails to take
 * one) must then look at the admission queue ({@link AdmissionController}).
 */
final class SlotCounters {
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> byPool = new ConcurrentHashMap<>();

  /** Takes a slot in {@code pool} if the total stays within {@code maxTotal} and the pool's within {@code poolLimit}. */
  boolean tryTake(String pool, int maxTotal, int poolLimit) {
    if (!incrementBelow(total, maxTotal)) {
      return false;
    }
    if (!incrementBelow(counter(pool), poolLimit)) {
      total.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Gives back a slot of {@code pool} taken by {@link #tryTake}. */
  void give(String pool) {
    counter(pool).decrementAndGet();
    total.decrementAndGet();
  }

  /** Slots taken over all pools. */
  int total() {
    return total.get();
  }

  /** Slots taken in {@code pool}. */
  int inPool(String pool) {
    AtomicInteger c = byPool.get(pool);
    return c == null ? 0 : c.get();
  }

  private AtomicInteger counter(String pool) {
    AtomicInteger c = byPool.get(pool);
    return c != null ? c : byPool.computeIfAbsent(pool, p -> new AtomicInteger());
  }

  private static boolean incrementBelow(AtomicInteger count, int limit) {
    int seen = count.get();
    while (seen < limit) {
      int witness = count.compareAndExchange(seen, seen + 1);
      if (witness == seen) {
        return true;
      }
      seen = witness;
    }
    return false;
  }
}
