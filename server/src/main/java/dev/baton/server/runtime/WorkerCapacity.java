package dev.baton.server.runtime;

import dev.baton.router.endpoint.EndpointState;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * How many requests each pool's workers can hold at once: the connection limit of every worker that
 * decodes (a streaming answer holds its decode connection to the end; a prefill leg is short). The
 * admission queue reads it, so a request that would only wait for a worker connection waits in the
 * queue instead, under its priorities and deadline. Recomputed when the runtime changes, read on
 * every admission.
 */
public final class WorkerCapacity implements ToIntFunction<String> {
  private volatile Map<String, Integer> byPool = Map.of();

  /** Takes the capacities of {@code runtime}'s pools. */
  public void update(BatonRuntime runtime) {
    Map<String, Integer> next = new HashMap<>();
    for (PoolRoute route : runtime.routes()) {
      long sum = route.pool().endpoints().stream()
          .filter(e -> e.endpoint().role().canDecode())
          .mapToLong(EndpointState::connectionLimit)
          .sum();
      // A pool with no worker yet is not limited here: the scheduler answers it at once (503).
      if (sum > 0) {
        next.put(route.pool().name(), (int) Math.min(sum, Integer.MAX_VALUE));
      }
    }
    byPool = Map.copyOf(next);
  }

  /** The pool's capacity, or {@link Integer#MAX_VALUE} for a pool without workers or unknown. */
  @Override
  public int applyAsInt(String pool) {
    return byPool.getOrDefault(pool, Integer.MAX_VALUE);
  }
}
