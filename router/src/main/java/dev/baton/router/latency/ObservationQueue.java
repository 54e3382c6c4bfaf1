package dev.baton.router.latency;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Observations of one latency handed from every event loop to one learner, without a loop ever
 * waiting for another: each thread appends to a small ring of its own, then learns everything
 * waiting in every ring if the learner's lock is free. A loop that finds it taken goes on at once;
 * the holder learns its observation before letting go (after unlocking it looks at the rings again,
 * so nothing waits for the next request). Only a thread whose own ring is full waits for the lock.
 *
 * <p>The order the model learns in: one thread's observations in the order it made them; different
 * threads' observations merged ring by ring, so an observation may be learned after a later one of
 * another loop, by at most what the rings held while a drain ran. With a single thread (the tests)
 * it is the arrival order, as before. The regression's steps do not commute exactly (a step's gain
 * depends on the steps before), and its outlier rule (two bounded observations in a row the same way
 * mean a change) sees the merged order: two bounded observations of one loop may be learned in a row
 * although an unbounded one of another loop came between them. Both effects are of the order of
 * one drain's worth of observations, well inside the tens of samples the model needs to move.
 */
final class ObservationQueue {
  /** Observations a thread holds at most while others learn. */
  static final int RING = 64;

  /** What learns one observation: features, what was predicted, what was observed. */
  interface Learner {
    void learn(double[] x, double predicted, double observed);
  }

  private final int features;
  private final int stride;
  private final Learner learner;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Ring> rings = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Ring> mine;
  /** The drainer's copy of one observation's features; guarded by the lock. */
  private final double[] scratch;

  ObservationQueue(int features, Learner learner) {
    this.features = features;
    this.stride = features + 2;
    this.learner = learner;
    this.scratch = new double[features];
    this.mine = ThreadLocal.withInitial(() -> {
      Ring ring = new Ring(new double[RING * stride]);
      rings.add(ring);
      return ring;
    });
  }

  /** Hands over one observation; learned before this returns unless another thread is learning. */
  void offer(double[] x, double predicted, double observed) {
    Ring ring = mine.get();
    while (!ring.offer(x, predicted, observed)) {
      // Full: every slot is waiting for the holder; wait for it like a lock, then learn them.
      drain();
    }
    while (lock.tryLock()) {
      try {
        drainLocked();
      } finally {
        lock.unlock();
      }
      // Offered while we held the lock by a thread that found it taken: learn it now.
      if (!anyWaiting()) {
        return;
      }
    }
  }

  /** Learns everything offered so far, waiting for the lock if another thread holds it. */
  void drain() {
    lock.lock();
    try {
      drainLocked();
    } finally {
      lock.unlock();
    }
  }

  private boolean anyWaiting() {
    for (Ring ring : rings) {
      if (ring.tail != ring.head) {
        return true;
      }
    }
    return false;
  }

  private void drainLocked() {
    for (Ring ring : rings) {
      long tail = ring.tail;
      for (long h = ring.head; h < tail; h++) {
        int base = (int) (h % RING) * stride;
        System.arraycopy(ring.slots, base, scratch, 0, features);
        learner.learn(scratch, ring.slots[base + features], ring.slots[base + features + 1]);
      }
      ring.head = tail;
    }
  }

  /**
   * One thread's observations: it alone writes slots and {@code tail}, the lock holder alone
   * {@code head}. Both counters are volatile: a slot written before {@code tail} moved is seen by
   * whoever reads the new {@code tail}, and is not overwritten before {@code head} passed it; and a
   * thread that appended and then failed to take the lock is seen by the holder's look after it let
   * go (every volatile access falls in one order).
   */
  private final class Ring {
    final double[] slots;
    volatile long tail;
    volatile long head;

    Ring(double[] slots) {
      this.slots = slots;
    }

    boolean offer(double[] x, double predicted, double observed) {
      long t = tail;
      if (t - head == RING) {
        return false;
      }
      int base = (int) (t % RING) * stride;
      System.arraycopy(x, 0, slots, base, features);
      slots[base + features] = predicted;
      slots[base + features + 1] = observed;
      tail = t + 1;
      return true;
    }
  }
}
