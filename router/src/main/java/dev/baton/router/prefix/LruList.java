package dev.baton.router.prefix;

/**
 * A doubly linked recency list over entry numbers 0..capacity-1, in two int arrays: no node objects,
 * nothing allocated after construction. Not thread-safe; its shard's write lock guards it.
 */
final class LruList {
  private final int[] prev;
  private final int[] next;
  private int head = -1;
  private int tail = -1;

  LruList(int capacity) {
    prev = new int[capacity];
    next = new int[capacity];
  }

  /** The least recently used entry, or -1 when empty. */
  int tail() {
    return tail;
  }

  /** Makes a new (unlinked) entry the most recently used. */
  void linkAtHead(int entry) {
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

  /** Makes a linked entry the most recently used. */
  void moveToHead(int entry) {
    if (head != entry) {
      unlink(entry);
      linkAtHead(entry);
    }
  }

  void unlink(int entry) {
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
