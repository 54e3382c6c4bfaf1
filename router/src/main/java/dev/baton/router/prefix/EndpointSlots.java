package dev.baton.router.prefix;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives each endpoint id a small integer, its bit in the prefix index. Lookups are lock-free map
 * reads; assignment and release are rare (first sight of an endpoint, config reload) and synchronized.
 */
final class EndpointSlots {
  private final int maxSlots;
  private final Map<String, Integer> slots = new ConcurrentHashMap<>();
  private final BitSet used = new BitSet();
  /** Slots are handed out round-robin so a released slot is reused as late as possible. */
  private int nextFree;

  EndpointSlots(int maxSlots) {
    this.maxSlots = maxSlots;
  }

  /** The endpoint's slot, assigned on first use; -1 when every slot is taken (the endpoint is untracked). */
  int slotOf(String endpointId) {
    Integer slot = slots.get(endpointId);
    return slot != null ? slot : assign(endpointId);
  }

  /** The slot if one is assigned, else -1; never assigns. */
  int peek(String endpointId) {
    Integer slot = slots.get(endpointId);
    return slot != null ? slot : -1;
  }

  /** Releases the slots of endpoints not in {@code live} and returns them. */
  synchronized List<Integer> retain(Set<String> live) {
    List<Integer> released = new ArrayList<>();
    slots.entrySet().removeIf(entry -> {
      if (live.contains(entry.getKey())) {
        return false;
      }
      released.add(entry.getValue());
      used.clear(entry.getValue());
      return true;
    });
    return released;
  }

  synchronized int size() {
    return slots.size();
  }

  private synchronized int assign(String endpointId) {
    Integer existing = slots.get(endpointId);
    if (existing != null) {
      return existing;
    }
    int slot = used.nextClearBit(nextFree);
    if (slot >= maxSlots) {
      slot = used.nextClearBit(0);
    }
    if (slot >= maxSlots) {
      return -1;
    }
    used.set(slot);
    nextFree = slot + 1;
    slots.put(endpointId, slot);
    return slot;
  }
}
