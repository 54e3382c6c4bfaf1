package dev.baton.server.admission;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Grants in-flight slots, globally and per pool, and queues requests that find none. Event loops of
 * every front-door verticle call in. While nobody waits, a request takes its slot and gives it back
 * with a compare-and-set on the counts ({@link SlotCounters}) and no lock; the queue, and every step
 * that touches it, sits behind one lock held for a few steps. Promises are completed on the waiter's
 * own context, outside the lock. Waiting is a timer, never a blocked thread.
 *
 * <p>Why the lock-free path keeps the rules of the locked one (nobody overtakes a waiter that has
 * room, no waiter is left waiting beside a free slot): the queue's length is volatile and the counts
 * atomic, so every thread sees their changes in one order. A request that took a slot without the
 * lock then reads the queue's length: if anyone waits, it gives the slot back and queues up under
 * the lock like anyone else, behind the waiters served first. A thread that gives a slot back reads
 * the length after the count went down, and one that queues a waiter looks for room again after the
 * length went up: of the two, at least one sees the other, and that one hands the slot on.
 */
public final class AdmissionController {
  private final Vertx vertx;
  private volatile AdmissionConfig config;
  private final Object lock = new Object();
  private final List<TenantQueues<Waiter>> classes = new ArrayList<>();
  private final SlotCounters slots = new SlotCounters();
  /** Written under the lock only; read without it by the lock-free path. */
  private volatile int queued;
  private volatile ToIntFunction<String> poolCapacity = pool -> Integer.MAX_VALUE;
  private long arrivals;

  /** A request waiting for (or already holding) its permit. */
  public interface Ticket {
    /** Completes with the permit, or fails with {@link AdmissionRejected}. */
    Future<Permit> permit();

    /** The client left: leave the queue, or release the permit if it was granted meanwhile. */
    void cancel();
  }

  public AdmissionController(Vertx vertx, AdmissionConfig config) {
    this.vertx = vertx;
    this.config = config;
    for (int i = 0; i < config.priorities().size(); i++) {
      classes.add(new TenantQueues<>(Waiter.ORDER));
    }
  }

  public AdmissionConfig config() {
    return config;
  }

  /**
   * Applies new settings (a reload) without losing anyone: queued requests keep their place and the
   * deadline they were given, permits held stay held. Limits that rose admit waiters at once; limits
   * that fell admit nobody new until enough permits are released. Priority classes only grow, so a
   * waiter's class still exists and is served after the new classes above it.
   */
  public void reconfigure(AdmissionConfig next) {
    List<Map.Entry<Waiter, Permit>> granted;
    synchronized (lock) {
      config = next;
      while (classes.size() < next.priorities().size()) {
        classes.add(new TenantQueues<>(Waiter.ORDER));
      }
      granted = grantWaiting();
    }
    hand(granted);
  }

  /**
   * Sets what a pool's workers can take at once ({@code maxConnectionsPerWorker} per worker): a
   * request past it would wait for a worker connection and time out as if the worker were dead, so
   * it waits here instead, under the queue's priorities, deadline and limits.
   */
  public void poolCapacity(ToIntFunction<String> capacity) {
    poolCapacity = capacity;
  }

  /** The pools' capacity changed (workers came or left): admits waiters that now have room. */
  public void capacityChanged() {
    List<Map.Entry<Waiter, Permit>> granted;
    synchronized (lock) {
      granted = grantWaiting();
    }
    hand(granted);
  }

  /** Requests waiting in the queue now (for the {@code baton_admission_queue} gauge). */
  public int queued() {
    return queued;
  }

  /** Requests holding a permit now. */
  public int inFlight() {
    return slots.total();
  }

  /**
   * Asks for a slot in {@code pool}. Call on a Vert.x context (the request's event loop).
   *
   * @param priority class index, 0 highest ({@link AdmissionConfig#priorityOf})
   */
  public Ticket admit(String pool, String tenant, int priority) {
    return admit(pool, tenant, priority, Long.MAX_VALUE);
  }

  /**
   * A deadline for {@link #admit(String, String, int, long)}: due when its queue wait would end,
   * worked out only if the request queues, so one let in at once reads no clock.
   */
  public static final long AT_QUEUE_TIMEOUT = Long.MIN_VALUE;

  /**
   * Like {@link #admit(String, String, int)}, for a request whose first token is due by {@code
   * deadlineNanos} ({@link System#nanoTime()}; {@link Long#MAX_VALUE} for none; {@link
   * #AT_QUEUE_TIMEOUT}): within its class and tenant, a waiter with an earlier deadline is admitted
   * first.
   */
  public Ticket admit(String pool, String tenant, int priority, long deadlineNanos) {
    if (queued == 0 && tryTake(pool)) {
      if (queued == 0) {
        return granted(new Permit(this, pool));
      }
      // Someone queued meanwhile: the slot may be theirs (a release not yet handed on).
      return admitLocked(pool, tenant, priority, deadlineNanos, true);
    }
    return admitLocked(pool, tenant, priority, deadlineNanos, false);
  }

  /** The queue's way in: {@code holding} says a slot of {@code pool} was taken and is given back. */
  private Ticket admitLocked(String pool, String tenant, int priority, long deadlineNanos,
      boolean holding) {
    Waiter w = null;
    boolean admitted = false;
    boolean grantedAtOnce = false;
    List<Map.Entry<Waiter, Permit>> granted;
    synchronized (lock) {
      if (holding) {
        slots.give(pool);
      }
      // Waiters first: a slot a release freed, or this request held, may be for them.
      granted = grantWaiting();
      // Nobody overtakes the queue: whoever still waits has no room, so a newcomer with room takes
      // nothing from them.
      if (tryTake(pool)) {
        admitted = true;
      } else if (queued < config.maxQueue()) {
        w = new Waiter(pool, tenant, priority, vertx.getOrCreateContext(),
            deadlineNanos == AT_QUEUE_TIMEOUT
                ? System.nanoTime() + config.queueTimeout().toNanos() : deadlineNanos,
            arrivals++);
        classes.get(priority).add(tenant, w);
        queued++;
        // A slot given back while this request looked for one may not have seen it queued.
        int before = granted.size();
        granted.addAll(grantWaiting());
        for (int i = before; i < granted.size(); i++) {
          grantedAtOnce |= granted.get(i).getKey() == w;
        }
      }
    }
    hand(granted);
    if (admitted) {
      return granted(new Permit(this, pool));
    }
    if (w == null) {
      Future<Permit> rejected = Future.failedFuture(new AdmissionRejected(
          "Baton is at capacity and its queue is full; retry later", config.queueTimeout()));
      return new Ticket() {
        public Future<Permit> permit() {
          return rejected;
        }

        public void cancel() {}
      };
    }
    Waiter waiter = w;
    if (!grantedAtOnce) {
      waiter.timer = vertx.setTimer(config.queueTimeout().toMillis(), id -> expire(waiter));
    }
    return queuedTicket(waiter);
  }

  private static Ticket granted(Permit permit) {
    Future<Permit> granted = Future.succeededFuture(permit);
    return new Ticket() {
      public Future<Permit> permit() {
        return granted;
      }

      public void cancel() {
        permit.release();
      }
    };
  }

  private Ticket queuedTicket(Waiter waiter) {
    return new Ticket() {
      public Future<Permit> permit() {
        return waiter.promise.future();
      }

      public void cancel() {
        if (leaveQueue(waiter)) {
          waiter.promise.tryFail(new AdmissionRejected("client left", config.queueTimeout()));
        } else {
          waiter.promise.future().onSuccess(Permit::release);
        }
      }
    };
  }

  private void expire(Waiter waiter) {
    if (leaveQueue(waiter)) {
      waiter.promise.tryFail(new AdmissionRejected(
          "Request waited " + config.queueTimeout() + " for capacity; retry later",
          config.queueTimeout()));
    }
  }

  /** Removes a waiter still queued; false if it was already granted or gone. */
  private boolean leaveQueue(Waiter waiter) {
    synchronized (lock) {
      if (waiter.done) {
        return false;
      }
      waiter.done = true;
      classes.get(waiter.priority).remove(waiter.tenant, waiter);
      queued--;
    }
    vertx.cancelTimer(waiter.timer);
    return true;
  }

  void release(Permit permit) {
    slots.give(permit.pool());
    // Read after the count went down (see the class comment): nobody waits, or we hand the slot on.
    if (queued == 0) {
      return;
    }
    List<Map.Entry<Waiter, Permit>> granted;
    synchronized (lock) {
      granted = grantWaiting();
    }
    hand(granted);
  }

  /** Takes slots for waiters, best class first, while there is room; call holding the lock. */
  private List<Map.Entry<Waiter, Permit>> grantWaiting() {
    List<Map.Entry<Waiter, Permit>> granted = new ArrayList<>();
    while (queued > 0 && slots.total() < config.maxInFlight()) {
      Waiter next = null;
      for (TenantQueues<Waiter> q : classes) {
        // The test takes the slot: a lock-free newcomer cannot take it between a look and a take.
        next = q.poll(w -> tryTake(w.pool));
        if (next != null) {
          break;
        }
      }
      if (next == null) {
        break;
      }
      next.done = true;
      queued--;
      granted.add(Map.entry(next, new Permit(this, next.pool)));
    }
    return granted;
  }

  /** Completes granted waiters on their own contexts, outside the lock. */
  private void hand(List<Map.Entry<Waiter, Permit>> granted) {
    for (Map.Entry<Waiter, Permit> g : granted) {
      Waiter w = g.getKey();
      vertx.cancelTimer(w.timer);
      w.context.runOnContext(v -> {
        if (!w.promise.tryComplete(g.getValue())) {
          g.getValue().release();
        }
      });
    }
  }

  /** Takes a slot in {@code pool} if the limits allow it now. */
  private boolean tryTake(String pool) {
    AdmissionConfig c = config;
    Integer configured = c.poolMaxInFlight().get(pool);
    int poolLimit = Math.min(configured == null ? Integer.MAX_VALUE : configured,
        poolCapacity.applyAsInt(pool));
    return slots.tryTake(pool, c.maxInFlight(), poolLimit);
  }
}
