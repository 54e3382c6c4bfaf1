package dev.baton.transfer.upstream;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Deadline}s of one event loop, checked by one scheduled task instead of a Netty timer
 * each. Nearly every worker-call deadline is cancelled long before it is due (the first byte comes
 * in milliseconds, its timeout is a minute), and a Vert.x timer makes that cancel cost a
 * priority-queue removal, a cancellation exception built for its listener and a failed future.
 *
 * <p>Deadlines of one length share a queue, appended as they start (or restart), so each queue is
 * in due order: start, restart and cancel are pointer moves, and the task wakes at the earliest
 * head. In steady traffic that head was cancelled long ago, so the task wakes about once per
 * timeout length rather than once per request. Only the loop's own thread touches a sweep: a
 * cancel or restart from another thread is handed to it.
 */
final class DeadlineSweep {
  private static final FastThreadLocal<DeadlineSweep> OF_THREAD = new FastThreadLocal<>();

  private final EventLoop loop;
  /** One per distinct length (a handful: the timeouts of the pools' policies). */
  private final List<Queue> queues = new ArrayList<>(4);
  private boolean scheduled;
  private long wakeAt;
  /** Tells a superseded wake-up task (one replaced by an earlier one) to do nothing. */
  private long generation;

  private DeadlineSweep(EventLoop loop) {
    this.loop = loop;
  }

  /** The sweep of {@code loop}, which must be the calling thread's. */
  static DeadlineSweep of(EventLoop loop) {
    DeadlineSweep sweep = OF_THREAD.get();
    if (sweep == null || sweep.loop != loop) {
      sweep = new DeadlineSweep(loop);
      OF_THREAD.set(sweep);
    }
    return sweep;
  }

  Node start(ContextInternal context, long lengthNanos, Runnable onExpiry) {
    Node node = new Node(this, context, lengthNanos, onExpiry);
    enqueue(node, System.nanoTime());
    return node;
  }

  /** How many deadlines are pending (for tests: a cancelled or expired one holds nothing). */
  int pending() {
    int n = 0;
    for (Queue q : queues) {
      for (Node node = q.head; node != null; node = node.next) {
        n++;
      }
    }
    return n;
  }

  private void enqueue(Node node, long now) {
    Queue queue = null;
    for (int i = 0; i < queues.size(); i++) {
      if (queues.get(i).lengthNanos == node.lengthNanos) {
        queue = queues.get(i);
        break;
      }
    }
    if (queue == null) {
      queue = new Queue(node.lengthNanos);
      queues.add(queue);
    }
    node.due = now + node.lengthNanos;
    queue.append(node);
    wakeBy(node.due, now);
  }

  private void wakeBy(long due, long now) {
    if (scheduled && wakeAt - due <= 0) {
      return;
    }
    scheduled = true;
    wakeAt = due;
    long mine = ++generation;
    loop.schedule(() -> sweep(mine), Math.max(0, due - now), TimeUnit.NANOSECONDS);
  }

  private void sweep(long scheduledGeneration) {
    if (scheduledGeneration != generation) {
      return;
    }
    scheduled = false;
    long now = System.nanoTime();
    // By index: an expiry's action may start a deadline of a new length, appending a queue.
    for (int i = 0; i < queues.size(); i++) {
      Queue queue = queues.get(i);
      Node head;
      while ((head = queue.head) != null && head.due - now <= 0) {
        queue.unlink(head);
        head.context.dispatch(head.onExpiry);
      }
    }
    queues.removeIf(q -> q.head == null);
    boolean any = false;
    long next = 0;
    for (Queue queue : queues) {
      if (!any || queue.head.due - next < 0) {
        next = queue.head.due;
        any = true;
      }
    }
    if (any) {
      wakeBy(next, now);
    }
  }

  /** Deadlines of one length, oldest first: since each is due at start + length, soonest first. */
  private static final class Queue {
    final long lengthNanos;
    Node head;
    Node tail;

    Queue(long lengthNanos) {
      this.lengthNanos = lengthNanos;
    }

    void append(Node node) {
      node.queue = this;
      node.prev = tail;
      node.next = null;
      if (tail == null) {
        head = node;
      } else {
        tail.next = node;
      }
      tail = node;
    }

    void unlink(Node node) {
      if (node.prev == null) {
        head = node.next;
      } else {
        node.prev.next = node.next;
      }
      if (node.next == null) {
        tail = node.prev;
      } else {
        node.next.prev = node.prev;
      }
      node.prev = null;
      node.next = null;
      node.queue = null;
    }
  }

  /** One deadline, a node of its length's queue while pending. */
  static final class Node implements Deadline {
    private final DeadlineSweep sweep;
    private final ContextInternal context;
    private final long lengthNanos;
    private final Runnable onExpiry;
    private Queue queue;
    private Node prev;
    private Node next;
    private long due;
    private boolean cancelled;

    private Node(DeadlineSweep sweep, ContextInternal context, long lengthNanos, Runnable onExpiry) {
      this.sweep = sweep;
      this.context = context;
      this.lengthNanos = lengthNanos;
      this.onExpiry = onExpiry;
    }

    @Override
    public void restart() {
      if (!sweep.loop.inEventLoop()) {
        sweep.loop.execute(this::restart); // the queues are the loop thread's alone
        return;
      }
      if (cancelled) {
        return;
      }
      long now = System.nanoTime();
      if (queue != null && queue.tail == this) {
        due = now + lengthNanos; // already last, and a later due keeps the queue in order
        return;
      }
      if (queue != null) {
        queue.unlink(this);
      }
      sweep.enqueue(this, now);
    }

    @Override
    public void cancel() {
      if (!sweep.loop.inEventLoop()) {
        sweep.loop.execute(this::cancel);
        return;
      }
      cancelled = true;
      if (queue != null) {
        queue.unlink(this);
      }
    }
  }
}
