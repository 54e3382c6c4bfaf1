package dev.baton.sim.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The paged KV cache of one worker with automatic prefix caching, after vLLM's block pool: a fixed
 * number of blocks; a full block is identified by a hash chained over its tokens and its parent's
 * hash; a block whose last user finished stays in the cache (and can be hit again) until it is the
 * least recently freed one and a new allocation evicts it.
 *
 * <p>Not thread-safe: only the worker's event loop touches it.
 */
final class KvCache {

  private final int numBlocks;
  private final int blockSize;
  private final int[] refCount;
  private final long[] hashOf;
  private final boolean[] hashed;
  // Free blocks as an intrusive doubly linked list in eviction order (head is evicted first).
  private final int[] prev;
  private final int[] next;
  private int head = -1;
  private int tail = -1;
  private final Map<Long, Integer> byHash = new HashMap<>();
  private int used;
  private BlockPoolEvents events = BlockPoolEvents.NONE;

  KvCache(int numBlocks, int blockSize) {
    this.numBlocks = numBlocks;
    this.blockSize = blockSize;
    this.refCount = new int[numBlocks];
    this.hashOf = new long[numBlocks];
    this.hashed = new boolean[numBlocks];
    this.prev = new int[numBlocks];
    this.next = new int[numBlocks];
    Arrays.fill(prev, -1);
    Arrays.fill(next, -1);
    for (int b = 0; b < numBlocks; b++) {
      append(b);
    }
  }

  void events(BlockPoolEvents listener) {
    this.events = listener;
  }

  BlockPoolEvents events() {
    return events;
  }

  int blockSize() {
    return blockSize;
  }

  int totalBlocks() {
    return numBlocks;
  }

  /** Blocks referenced by a sequence or a held handle. */
  int usedBlocks() {
    return used;
  }

  /** Blocks an allocation may take (free ones, cached or not). */
  int freeBlocks() {
    return numBlocks - used;
  }

  /** The cached block with this hash, or -1. */
  int lookup(long hash) {
    Integer b = byHash.get(hash);
    return b == null ? -1 : b;
  }

  /** Whether taking a reference on this block removes it from the free list. */
  boolean isFree(int block) {
    return refCount[block] == 0;
  }

  /** Takes a reference on a cached block (a prefix hit). */
  void touch(int block) {
    if (refCount[block]++ == 0) {
      unlink(block);
      used++;
    }
  }

  /** Takes the least recently freed block, evicting its cached content; the caller checked capacity. */
  int allocate() {
    if (head < 0) {
      throw new IllegalStateException("KV cache exhausted");
    }
    int b = head;
    unlink(b);
    if (hashed[b]) {
      byHash.remove(hashOf[b], b);
      hashed[b] = false;
      events.removed(hashOf[b]);
    }
    refCount[b] = 1;
    used++;
    return b;
  }

  /** Drops one reference; a block nobody uses joins the free list, its content still hittable. */
  void release(int block) {
    if (refCount[block] <= 0) {
      throw new IllegalStateException("block " + block + " released twice");
    }
    if (--refCount[block] == 0) {
      append(block);
      used--;
    }
  }

  /**
   * Records that a full block holds the tokens with this chained hash (first writer wins, as in
   * vLLM); returns whether the block became cached, i.e. whether an event is due.
   */
  boolean publish(int block, long hash) {
    if (!hashed[block] && !byHash.containsKey(hash)) {
      byHash.put(hash, block);
      hashOf[block] = hash;
      hashed[block] = true;
      return true;
    }
    return false;
  }

  /**
   * Forgets all cached content of free blocks (a reset between tests); blocks in use are kept. With
   * nothing in use this is vLLM's {@code reset_prefix_cache} (one AllBlocksCleared), else each
   * dropped block is reported as removed.
   */
  void resetPrefixCache() {
    boolean all = used == 0;
    for (int b = 0; b < numBlocks; b++) {
      if (refCount[b] == 0 && hashed[b]) {
        byHash.remove(hashOf[b], b);
        hashed[b] = false;
        if (!all) {
          events.removed(hashOf[b]);
        }
      }
    }
    if (all) {
      events.cleared();
    }
  }

  /** Chained hash of one full block: the parent's hash and the block's tokens. */
  static long chain(long parent, int[] tokens, int from, int to) {
    long h = parent ^ 0x9e3779b97f4a7c15L;
    for (int i = from; i < to; i++) {
      h = (h ^ tokens[i]) * 0x100000001b3L;
      h ^= h >>> 29;
    }
    return h * 0xbf58476d1ce4e5b9L;
  }

  private void append(int b) {
    prev[b] = tail;
    next[b] = -1;
    if (tail >= 0) {
      next[tail] = b;
    } else {
      head = b;
    }
    tail = b;
  }

  private void unlink(int b) {
    if (prev[b] >= 0) {
      next[prev[b]] = next[b];
    } else {
      head = next[b];
    }
    if (next[b] >= 0) {
      prev[next[b]] = prev[b];
    } else {
      tail = prev[b];
    }
    prev[b] = -1;
    next[b] = -1;
  }
}
