package dev.baton.server.accesslog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands items to one writer thread through a bounded queue, so that formatting and the blocking
 * write of a log line never run on an event loop. When the writer falls so far behind that the
 * queue is full, the new item is dropped and counted ({@link #dropped()}): an access log must not
 * turn a slow disk into a stalled router, and a drop it cannot see would hide that it happened.
 *
 * <p>The writer wakes on an interval rather than on every item: {@link #offer} then never has a
 * thread to wake (no system call on the event loop), and each wake-up writes everything queued in
 * one go. It flushes the sink whenever it has emptied the queue, so a line waits at most about one
 * interval before it is written, and on {@link #close()}. The access log and the trace sink
 * ({@code capture.TraceSink}) each own one.
 */
public final class BackgroundWriter<T> implements AutoCloseable {
  /** Where items go: written one by one, flushed once the queue is empty. */
  public interface Sink<T> {
    void write(T item);

    void flush();
  }

  /** Items taken from the queue at a time: bounds the writer's batch memory, not its pace. */
  private static final int BATCH = 1024;

  private final ArrayBlockingQueue<T> queue;
  private final Sink<T> sink;
  private final long intervalNanos;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final Thread thread;
  private volatile boolean closing;

  public BackgroundWriter(String threadName, int capacity, long intervalMillis, Sink<T> sink) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sink = Objects.requireNonNull(sink);
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code item} without blocking; counts it as dropped when the queue is full or closed. */
  public void offer(T item) {
    if (closing || !queue.offer(item)) {
      dropped.incrementAndGet();
    }
  }

  /** Items dropped because the writer could not keep up (or arrived after {@link #close()}). */
  public long dropped() {
    return dropped.get();
  }

  /** Items handed to the sink so far. */
  public long written() {
    return written.get();
  }

  private void run() {
    List<T> batch = new ArrayList<>(BATCH);
    while (true) {
      // Read the flag before draining: items offered before close() are then always written.
      boolean last = closing;
      boolean wrote = false;
      while (queue.drainTo(batch, BATCH) > 0) {
        for (T item : batch) {
          writeOne(item);
        }
        batch.clear();
        wrote = true;
      }
      if (wrote || last) {
        flush();
      }
      if (last) {
        return;
      }
      LockSupport.parkNanos(this, intervalNanos);
    }
  }

  private void writeOne(T item) {
    try {
      sink.write(item);
    } catch (RuntimeException e) {
      // A failing sink must not kill the writer; the line is lost and counted like a drop.
      dropped.incrementAndGet();
      return;
    }
    written.incrementAndGet();
  }

  private void flush() {
    try {
      sink.flush();
    } catch (RuntimeException e) {
      // The sink counts what it could not write (see AccessLog); the writer keeps going.
    }
  }

  /** Stops taking items and waits up to {@code waitMillis} for the queued ones to be written. */
  public void close(long waitMillis) {
    closing = true;
    LockSupport.unpark(thread);
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
