package dev.baton.router.prefix;

import java.util.concurrent.locks.StampedLock;

/**
 * One shard of the prefix index: block hash to a bit set of endpoint slots, with LRU eviction at a
 * fixed capacity. Arrays are sized once, so memory is bounded and nothing is allocated per request.
 *
 * <p>Layout: entries live in dense parallel arrays (key, slot bits, LRU links); an open-addressing
 * table of entry numbers (linear probing, backward-shift deletion, no tombstones) finds them. Readers
 * use a {@link StampedLock} optimistic read and retry if a writer interfered; writers (one record per
 * routed request and block) take the shard's write lock for a few dozen nanoseconds.
 */
final class IndexSegment {
  private static final int OPTIMISTIC_TRIES = 3;

  private final StampedLock lock = new StampedLock();
  private final int capacity;
  private final int words;
  private final long[] keys;
  private final long[] slotBits;
  private final int[] prev;
  private final int[] next;
  /** Entry number + 1 per table position; 0 is empty. */
  private final int[] table;
  private final int tableMask;
  private int size;
  private int head = -1;
  private int tail = -1;

  IndexSegment(int capacity, int words) {
    this.capacity = capacity;
    this.words = words;
    this.keys = new long[capacity];
    this.slotBits = new long[capacity * words];
    this.prev = new int[capacity];
    this.next = new int[capacity];
    // Load factor at most one half keeps linear-probe runs short.
    int tableSize = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
    this.table = new int[tableSize];
    this.tableMask = tableSize - 1;
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

  /** Marks {@code key} as held by {@code slot} and makes it the most recently used entry. */
  void add(long key, int slot) {
    long stamp = lock.writeLock();
    try {
      int entry = find(key);
      if (entry < 0) {
        entry = allocate();
        keys[entry] = key;
        for (int w = 0; w < words; w++) {
          slotBits[entry * words + w] = 0L;
        }
        insertIntoTable(entry);
        linkAtHead(entry);
      } else if (entry != head) {
        unlink(entry);
        linkAtHead(entry);
      }
      slotBits[entry * words + (slot >>> 6)] |= 1L << slot;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /** Forgets every block a slot held (the endpoint left); O(capacity), for config reloads only. */
  void clearSlot(int slot) {
    long stamp = lock.writeLock();
    try {
      long keep = ~(1L << slot);
      int word = slot >>> 6;
      for (int e = 0; e < size; e++) {
        slotBits[e * words + word] &= keep;
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
      int e = table[pos] - 1;
      if (e < 0) {
        return false;
      }
      if (keys[e] == key) {
        System.arraycopy(slotBits, e * words, out, 0, words);
        return true;
      }
      pos = (pos + 1) & tableMask;
    }
    return false;
  }

  private int find(long key) {
    int pos = home(key);
    while (true) {
      int e = table[pos] - 1;
      if (e < 0) {
        return -1;
      }
      if (keys[e] == key) {
        return e;
      }
      pos = (pos + 1) & tableMask;
    }
  }

  private int allocate() {
    if (size < capacity) {
      return size++;
    }
    int victim = tail;
    unlink(victim);
    removeFromTable(victim);
    return victim;
  }

  private int home(long key) {
    return (int) (key ^ (key >>> 29)) & tableMask;
  }

  private void insertIntoTable(int entry) {
    int pos = home(keys[entry]);
    while (table[pos] != 0) {
      pos = (pos + 1) & tableMask;
    }
    table[pos] = entry + 1;
  }

  private void removeFromTable(int entry) {
    int hole = home(keys[entry]);
    while (table[hole] != entry + 1) {
      hole = (hole + 1) & tableMask;
    }
    // Backward-shift deletion: pull later members of the probe run into the hole unless that would
    // move them before their home position.
    int pos = hole;
    while (true) {
      table[hole] = 0;
      int moved;
      while (true) {
        pos = (pos + 1) & tableMask;
        moved = table[pos];
        if (moved == 0) {
          return;
        }
        int ideal = home(keys[moved - 1]);
        boolean staysPut = hole <= pos ? hole < ideal && ideal <= pos : hole < ideal || ideal <= pos;
        if (!staysPut) {
          break;
        }
      }
      table[hole] = moved;
      hole = pos;
    }
  }

  private void linkAtHead(int entry) {
    prev[entry] = -1;
    next[entry] = head;
    if (head >= 0) {
      prev[head] = entry;
    }
    head = entry;
    if (tail < 0) {
      tail = entry;
    }
  }

  private void unlink(int entry) {
    int p = prev[entry];
    int n = next[entry];
    if (p >= 0) {
      next[p] = n;
    } else {
      head = n;
    }
    if (n >= 0) {
      prev[n] = p;
    } else {
      tail = p;
    }
  }
}
