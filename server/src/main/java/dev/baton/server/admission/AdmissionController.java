package dev.baton.server.admission;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Grants in-flight slots, globally and per pool, and queues requests that find none. Event loops of
 * every front-door verticle call in, so state sits behind one lock held for a few steps; promises are
 * completed on the waiter's own context, outside the lock. Waiting is a timer, never a blocked thread.
 */
public final class AdmissionController {
  private final Vertx vertx;
  private volatile AdmissionConfig config;
  private final Object lock = new Object();
  private final List<TenantQueues<Waiter>> classes = new ArrayList<>();
  private final Map<String, Integer> poolInFlight = new HashMap<>();
  private int inFlight;
  private int queued;
  private volatile ToIntFunction<String> poolCapacity = pool -> Integer.MAX_VALUE;
  private long arrivals;
  /** Earliest TTFT deadline first; arrival order among equal deadlines (and requests without). */
  private static final Comparator<Waiter> ORDER =
      Comparator.<Waiter>comparingLong(w -> w.deadlineNanos).thenComparingLong(w -> w.arrival);

  /** A queued request; all fields but {@code done} are fixed. */
  private static final class Waiter {
    final String pool;
    final String tenant;
    final int priority;
    final Context context;
    final long deadlineNanos;
    final long arrival;
    final Promise<Permit> promise = Promise.promise();
    long timer = -1;
    boolean done;

    Waiter(String pool, String tenant, int priority, Context context, long deadlineNanos,
        long arrival) {
      this.pool = pool;
      this.tenant = tenant;
      this.priority = priority;
      this.context = context;
      this.deadlineNanos = deadlineNanos;
      this.arrival = arrival;
    }
  }

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
      classes.add(new TenantQueues<>(ORDER));
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
        classes.add(new TenantQueues<>(ORDER));
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
    synchronized (lock) {
      return queued;
    }
  }

  /** Requests holding a permit now. */
  public int inFlight() {
    synchronized (lock) {
      return inFlight;
    }
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
   * Like {@link #admit(String, String, int)}, for a request whose first token is due by {@code
   * deadlineNanos} ({@link System#nanoTime()}; {@link Long#MAX_VALUE} for none): within its class
   * and tenant, a waiter with an earlier deadline is admitted first.
   */
  public Ticket admit(String pool, String tenant, int priority, long deadlineNanos) {
    Waiter w;
    synchronized (lock) {
      // Nobody overtakes the queue: every release hands free slots to waiters at once, so whoever
      // still waits has no room, and a newcomer with room takes nothing from them.
      if (hasRoom(pool)) {
        Permit permit = take(pool);
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
      if (queued >= config.maxQueue()) {
        AdmissionRejected full = new AdmissionRejected(
            "Baton is at capacity and its queue is full; retry later", config.queueTimeout());
        Future<Permit> rejected = Future.failedFuture(full);
        return new Ticket() {
          public Future<Permit> permit() {
            return rejected;
          }

          public void cancel() {}
        };
      }
      w = new Waiter(pool, tenant, priority, vertx.getOrCreateContext(), deadlineNanos,
          arrivals++);
      classes.get(priority).add(tenant, w);
      queued++;
    }
    Waiter waiter = w;
    waiter.timer = vertx.setTimer(config.queueTimeout().toMillis(), id -> expire(waiter));
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
    List<Map.Entry<Waiter, Permit>> granted;
    synchronized (lock) {
      inFlight--;
      poolInFlight.merge(permit.pool(), -1, Integer::sum);
      granted = grantWaiting();
    }
    hand(granted);
  }

  /** Takes slots for waiters, best class first, while there is room; call holding the lock. */
  private List<Map.Entry<Waiter, Permit>> grantWaiting() {
    List<Map.Entry<Waiter, Permit>> granted = new ArrayList<>();
    while (queued > 0 && inFlight < config.maxInFlight()) {
      Waiter next = null;
      for (TenantQueues<Waiter> q : classes) {
        next = q.poll(w -> hasRoom(w.pool));
        if (next != null) {
          break;
        }
      }
      if (next == null) {
        break;
      }
      next.done = true;
      queued--;
      granted.add(Map.entry(next, take(next.pool)));
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

  private boolean hasRoom(String pool) {
    Integer configured = config.poolMaxInFlight().get(pool);
    int poolLimit = Math.min(configured == null ? Integer.MAX_VALUE : configured,
        poolCapacity.applyAsInt(pool));
    return inFlight < config.maxInFlight() && poolInFlight.getOrDefault(pool, 0) < poolLimit;
  }

  private Permit take(String pool) {
    inFlight++;
    poolInFlight.merge(pool, 1, Integer::sum);
    return new Permit(this, pool);
  }
}
