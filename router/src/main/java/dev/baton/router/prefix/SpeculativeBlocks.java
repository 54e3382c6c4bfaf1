package dev.baton.router.prefix;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blocks Baton believes an endpoint is about to cache because it just sent the prompt there: they
 * count for a few seconds (so a burst of requests sharing a new prefix follows the first) and then
 * expire unless the engine's BlockStored event makes them real. Each key maps to an immutable array
 * of (slot, expiry) pairs; readers never lock.
 */
final class SpeculativeBlocks {
  private final int capacity;
  private final ConcurrentHashMap<Long, long[]> entries = new ConcurrentHashMap<>();

  SpeculativeBlocks(int capacity) {
    this.capacity = capacity;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  boolean holds(long key, int slot, long nowNanos) {
    long[] pairs = entries.get(key);
    if (pairs == null) {
      return false;
    }
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i] == slot && pairs[i + 1] > nowNanos) {
        return true;
      }
    }
    return false;
  }

  void add(long[] keys, int count, int slot, long expiresAt, long nowNanos) {
    if (entries.size() + count > capacity) {
      purge(nowNanos);
      if (entries.size() + count > capacity) {
        return;
      }
    }
    for (int k = 0; k < count; k++) {
      entries.compute(keys[k], (key, pairs) -> with(pairs, slot, expiresAt, nowNanos));
    }
  }

  /** Drops every expired entry. */
  void purge(long nowNanos) {
    entries.replaceAll((key, pairs) -> live(pairs, -1, nowNanos));
    entries.values().removeIf(pairs -> pairs.length == 0);
  }

  void remove(long key, int slot) {
    if (!entries.isEmpty()) {
      entries.computeIfPresent(key, (k, pairs) -> {
        long[] kept = live(pairs, slot, Long.MIN_VALUE);
        return kept.length == 0 ? null : kept;
      });
    }
  }

  void dropSlot(int slot) {
    entries.replaceAll((key, pairs) -> live(pairs, slot, Long.MIN_VALUE));
    entries.values().removeIf(pairs -> pairs.length == 0);
  }

  private static long[] with(long[] pairs, int slot, long expiresAt, long nowNanos) {
    long[] kept = pairs == null ? new long[0] : live(pairs, slot, nowNanos);
    long[] next = Arrays.copyOf(kept, kept.length + 2);
    next[kept.length] = slot;
    next[kept.length + 1] = expiresAt;
    return next;
  }

  /** The unexpired pairs, without {@code dropSlot}'s. */
  private static long[] live(long[] pairs, int dropSlot, long nowNanos) {
    long[] kept = new long[pairs.length];
    int n = 0;
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i] != dropSlot && pairs[i + 1] > nowNanos) {
        kept[n++] = pairs[i];
        kept[n++] = pairs[i + 1];
      }
    }
    return n == kept.length ? pairs : Arrays.copyOf(kept, n);
  }
}
