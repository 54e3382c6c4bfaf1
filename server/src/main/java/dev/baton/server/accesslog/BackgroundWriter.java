package dev.baton.server.accesslog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Hands items to one writer thread through a bounded queue, so that formatting and the blocking
 * write of a log line never run on an event loop. When the writer falls so far behind that the
 * queue is full, the new item is dropped and counted ({@link #dropped()}): an access log must not
 * turn a slow disk into a stalled router, and a drop it cannot see would hide that it happened.
 */
final class BackgroundWriter<T> implements AutoCloseable {
  /** Items taken from the queue per wake-up: fewer hand-offs under load, small enough to stay fair. */
  private static final int BATCH = 256;

  private final BlockingQueue<T> queue;
  private final Consumer<T> write;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final Thread thread;
  private volatile boolean closing;

  BackgroundWriter(String threadName, int capacity, Consumer<T> write) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.write = Objects.requireNonNull(write);
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code item} without blocking; counts it as dropped when the queue is full or closed. */
  void offer(T item) {
    if (closing || !queue.offer(item)) {
      dropped.incrementAndGet();
    }
  }

  /** Items dropped because the writer could not keep up (or arrived after {@link #close()}). */
  long dropped() {
    return dropped.get();
  }

  /** Items handed to the write function so far. */
  long written() {
    return written.get();
  }

  private void run() {
    List<T> batch = new ArrayList<>(BATCH);
    while (!closing || !queue.isEmpty()) {
      try {
        T first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        for (T item : batch) {
          writeOne(item);
        }
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void writeOne(T item) {
    try {
      write.accept(item);
    } catch (RuntimeException e) {
      // A failing handler must not kill the writer; the line is lost and counted like a drop.
      dropped.incrementAndGet();
      return;
    }
    written.incrementAndGet();
  }

  /** Stops taking items and waits up to {@code waitMillis} for the queued ones to be written. */
  void close(long waitMillis) {
    closing = true;
    try {
      thread.join(waitMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(2_000);
  }
}
