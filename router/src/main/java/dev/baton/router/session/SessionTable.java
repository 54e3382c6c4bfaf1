package dev.baton.router.session;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which endpoint each session (the value of a session-affinity header) was last sent to. Reads are
 * lock-free map lookups; entries idle longer than the timeout no longer count. Size is bounded: the
 * writer that pushes the table past its capacity sweeps idle entries, then (still full of live sessions) drops arbitrary ones down to 90%.
 */
public final class SessionTable {
  private record Binding(String endpointId, long lastUsedNanos) {}

  private final Map<String, Binding> bindings = new ConcurrentHashMap<>();
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private volatile int capacity;
  private volatile long idleTimeoutNanos;

  public SessionTable(int capacity, long idleTimeoutNanos) {
    limits(capacity, idleTimeoutNanos);
  }

  /** Changes the bounds in place, so a config reload keeps the sessions already bound. */
  public void limits(int capacity, long idleTimeoutNanos) {
    if (capacity < 1 || idleTimeoutNanos < 1) {
      throw new IllegalArgumentException("capacity and idle timeout must be positive");
    }
    this.capacity = capacity;
    this.idleTimeoutNanos = idleTimeoutNanos;
  }

  /** The endpoint id the session was last sent to, or null when unknown or idle too long. */
  public String endpointOf(String sessionKey, long nowNanos) {
    Binding binding = bindings.get(sessionKey);
    if (binding == null || nowNanos - binding.lastUsedNanos() > idleTimeoutNanos) {
      return null;
    }
    return binding.endpointId();
  }

  /** Binds the session to the endpoint it was just sent to. */
  public void bind(String sessionKey, String endpointId, long nowNanos) {
    bindings.put(sessionKey, new Binding(endpointId, nowNanos));
    if (bindings.size() > capacity && sweeping.compareAndSet(false, true)) {
      try {
        sweep(nowNanos);
      } finally {
        sweeping.set(false);
      }
    }
  }

  public int size() {
    return bindings.size();
  }

  private void sweep(long nowNanos) {
    long timeout = idleTimeoutNanos;
    bindings.values().removeIf(b -> nowNanos - b.lastUsedNanos() > timeout);
    // Still full of live sessions: drop down to 90% so the sweep is not repeated on every bind.
    int target = capacity - capacity / 10;
    Iterator<Binding> it = bindings.values().iterator();
    while (bindings.size() > target && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
