package dev.baton.server.admission;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * The waiters of one priority class: a queue per tenant, served round-robin, so a tenant with a
 * thousand queued requests gets one turn per round like a tenant with one. Within a tenant waiters
 * leave in {@code order} (the controller's: earliest TTFT deadline first, then arrival). Not
 * thread-safe: the controller's lock guards it.
 */
final class TenantQueues<W> {
  private final Map<String, PriorityQueue<W>> byTenant = new HashMap<>();
  private final ArrayDeque<String> turns = new ArrayDeque<>();
  private final Comparator<W> order;

  TenantQueues(Comparator<W> order) {
    this.order = order;
  }

  void add(String tenant, W waiter) {
    PriorityQueue<W> q = byTenant.get(tenant);
    if (q == null) {
      q = new PriorityQueue<>(order);
      byTenant.put(tenant, q);
      turns.addLast(tenant);
    }
    q.add(waiter);
  }

  boolean remove(String tenant, W waiter) {
    PriorityQueue<W> q = byTenant.get(tenant);
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
   * whose head cannot be admitted (its pool is full) keeps its turn for the next round. {@code
   * admissible} is asked once per head and the first it accepts is the one returned, so it may take
   * the waiter's slot as it answers.
   */
  W poll(Predicate<W> admissible) {
    for (int i = turns.size(); i > 0; i--) {
      String tenant = turns.pollFirst();
      PriorityQueue<W> q = byTenant.get(tenant);
      W head = q.peek();
      if (admissible.test(head)) {
        q.poll();
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
