package dev.baton.server.admission;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The waiters of one priority class: a FIFO per tenant, served round-robin, so a tenant with a
 * thousand queued requests gets one turn per round like a tenant with one. Not thread-safe: the
 * controller's lock guards it.
 */
final class TenantQueues<W> {
  private final Map<String, ArrayDeque<W>> byTenant = new HashMap<>();
  private final ArrayDeque<String> turns = new ArrayDeque<>();

  void add(String tenant, W waiter) {
    ArrayDeque<W> q = byTenant.get(tenant);
    if (q == null) {
      q = new ArrayDeque<>();
      byTenant.put(tenant, q);
      turns.addLast(tenant);
    }
    q.addLast(waiter);
  }

  boolean remove(String tenant, W waiter) {
    ArrayDeque<W> q = byTenant.get(tenant);
    if (q == null || !q.remove(waiter)) {
      return false;
    }
    if (q.isEmpty()) {
      byTenant.remove(tenant);
      turns.remove(tenant);
    }
    return true;
  }

  /**
   * The next tenant's head waiter that {@code admissible} accepts, removed; null if none. A tenant
   * whose head cannot be admitted (its pool is full) keeps its turn for the next round.
   */
  W poll(Predicate<W> admissible) {
    for (int i = turns.size(); i > 0; i--) {
      String tenant = turns.pollFirst();
      ArrayDeque<W> q = byTenant.get(tenant);
      W head = q.peekFirst();
      if (admissible.test(head)) {
        q.pollFirst();
        if (q.isEmpty()) {
          byTenant.remove(tenant);
        } else {
          turns.addLast(tenant);
        }
        return head;
      }
      turns.addLast(tenant);
    }
    return null;
  }
}
