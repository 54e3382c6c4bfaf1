package dev.baton.router.prefix;

import java.util.concurrent.locks.StampedLock;

/**
 * One shard of the prefix index: block hash to a bit set of endpoint slots, with LRU eviction at a
 * fixed capacity. Arrays are sized once, so memory is bounded and nothing is allocated per request.
 *
 * <p>Layout, chosen so a lookup costs one cache miss: an open-addressing table (linear probing,
 * backward-shift deletion, no tombstones) whose slots hold the block hash, the slot bits and a meta
 * word (entry number, last refresh tick) inline. The LRU order is a doubly linked list over entry
 * numbers in separate arrays, touched only when an entry is inserted, evicted or refreshed.
 *
 * <p>A hit on an entry refreshed fewer than {@code refreshSkip} adds ago does not relink it: such an
 * entry is among the newest and cannot be close to eviction, and skipping saves three random memory
 * accesses per block for the hot prefixes. With {@code refreshSkip = 0} the order is exact LRU.
 *
 * <p>Readers use a {@link StampedLock} optimistic read and retry if a writer interfered; writers (one
 * add per routed request and block) take the shard's write lock briefly.
 */
final class IndexSegment {
  private static final int OPTIMISTIC_TRIES = 3;
  private static final int KEY = 0;
  private static final int META = 1;
  private static final int BITS = 2;

  private final StampedLock lock = new StampedLock();
  private final int capacity;
  private final int words;
  private final int stride;
  private final int refreshSkip;
  /** Per table position: key, meta ((entry + 1) << 32 | refresh tick; 0 when empty), slot bits. */
  private final long[] table;
  private final int tableMask;
  private final int[] positionOf;
  private final LruList lru;
  private int size;
  private int tick;

  IndexSegment(int capacity, int words, int refreshSkip) {
    this.capacity = capacity;
    this.words = words;
    this.stride = BITS + words;
    this.refreshSkip = refreshSkip;
    // Load factor at most one half keeps linear-probe runs short.
    int positions = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
    this.table = new long[positions * stride];
    this.tableMask = positions - 1;
    this.positionOf = new int[capacity];
    this.lru = new LruList(capacity);
  }

  /**
   * Copies the slot bits of {@code key} into {@code out} (length {@code words}).
   *
   * @return false when the block is not in the index
   */
  boolean read(long key, long[] out) {
    for (int attempt = 0; attempt < OPTIMISTIC_TRIES; attempt++) {
      long stamp = lock.tryOptimisticRead();
      if (stamp == 0) {
        continue;
      }
      boolean found = readUnlocked(key, out);
      if (lock.validate(stamp)) {
        return found;
      }
    }
    // A writer kept interfering: wait for it rather than spin.
    long stamp = lock.readLock();
    try {
      return readUnlocked(key, out);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /**
   * Loads the cache line where {@code key} would live and returns a value derived from it. Calls for
   * several keys in a row are independent loads the CPU overlaps, so a lookup walk that touches its
   * next few blocks first pays roughly one memory latency per batch instead of one per block.
   */
  long touch(long key) {
    return table[home(key) * stride + KEY];
  }

  /** Marks {@code key} as held by {@code slot} and makes it (one of) the most recently used. */
  void add(long key, int slot) {
    if (alreadyFresh(key, slot)) {
      return;
    }
    long stamp = lock.writeLock();
    try {
      tick++;
      int base = find(key);
      if (base < 0) {
        int entry = allocate();
        base = emptyPositionFor(key) * stride;
        table[base + KEY] = key;
        for (int w = 0; w < words; w++) {
          table[base + BITS + w] = 0L;
        }
        positionOf[entry] = base / stride;
        table[base + META] = meta(entry);
        lru.linkAtHead(entry);
      } else if (tick - (int) table[base + META] >= refreshSkip) {
        int entry = entryAt(base);
        lru.moveToHead(entry);
        table[base + META] = meta(entry);
      }
      table[base + BITS + (slot >>> 6)] |= 1L << slot;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /**
   * True when the block is held by the slot and was refreshed recently, so an add would change
   * nothing: checked under an optimistic read, so hot prefixes are recorded without taking the lock.
   */
  private boolean alreadyFresh(long key, int slot) {
    if (refreshSkip == 0) {
      return false;
    }
    long stamp = lock.tryOptimisticRead();
    if (stamp == 0) {
      return false;
    }
    int pos = home(key);
    boolean fresh = false;
    for (int probe = 0; probe <= tableMask; probe++) {
      int base = pos * stride;
      long meta = table[base + META];
      if (meta == 0) {
        break;
      }
      if (table[base + KEY] == key) {
        fresh = (table[base + BITS + (slot >>> 6)] & (1L << slot)) != 0
            && tick - (int) meta < refreshSkip;
        break;
      }
      pos = (pos + 1) & tableMask;
    }
    return fresh && lock.validate(stamp);
  }

  /** Forgets every block a slot held (the endpoint left); O(table), for config reloads only. */
  void clearSlot(int slot) {
    long stamp = lock.writeLock();
    try {
      long keep = ~(1L << slot);
      int word = BITS + (slot >>> 6);
      for (int base = 0; base < table.length; base += stride) {
        if (table[base + META] != 0) {
          table[base + word] &= keep;
        }
      }
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  int size() {
    long stamp = lock.readLock();
    try {
      return size;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  private boolean readUnlocked(long key, long[] out) {
    // Racy under an optimistic read: every array index stays in range and the probe is bounded, so
    // a torn view can only produce a wrong answer, which validate() then rejects.
    int pos = home(key);
    for (int probe = 0; probe <= tableMask; probe++) {
      int base = pos * stride;
      if (table[base + META] == 0) {
        return false;
      }
      if (table[base + KEY] == key) {
        System.arraycopy(table, base + BITS, out, 0, words);
        return true;
      }
      pos = (pos + 1) & tableMask;
    }
    return false;
  }

  /** The table offset of {@code key}, or -1. */
  private int find(long key) {
    int pos = home(key);
    while (true) {
      int base = pos * stride;
      if (table[base + META] == 0) {
        return -1;
      }
      if (table[base + KEY] == key) {
        return base;
      }
      pos = (pos + 1) & tableMask;
    }
  }

  private int emptyPositionFor(long key) {
    int pos = home(key);
    while (table[pos * stride + META] != 0) {
      pos = (pos + 1) & tableMask;
    }
    return pos;
  }

  private long meta(int entry) {
    return ((long) (entry + 1) << 32) | (tick & 0xFFFF_FFFFL);
  }

  private int entryAt(int base) {
    return (int) (table[base + META] >>> 32) - 1;
  }

  private int allocate() {
    if (size < capacity) {
      return size++;
    }
    int victim = lru.tail();
    lru.unlink(victim);
    removePosition(positionOf[victim]);
    return victim;
  }

  private int home(long key) {
    return (int) (key ^ (key >>> 29)) & tableMask;
  }

  /**
   * Backward-shift deletion: pulls later members of the probe run into the hole unless that would
   * move them before their home position, and tells each moved entry where it now lives.
   */
  private void removePosition(int hole) {
    int pos = hole;
    while (true) {
      table[hole * stride + META] = 0;
      while (true) {
        pos = (pos + 1) & tableMask;
        int base = pos * stride;
        if (table[base + META] == 0) {
          return;
        }
        int ideal = home(table[base + KEY]);
        boolean staysPut = hole <= pos ? hole < ideal && ideal <= pos : hole < ideal || ideal <= pos;
        if (!staysPut) {
          break;
        }
      }
      System.arraycopy(table, pos * stride, table, hole * stride, stride);
      positionOf[entryAt(hole * stride)] = hole;
      hole = pos;
    }
  }
}
