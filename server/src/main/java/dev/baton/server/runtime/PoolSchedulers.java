package dev.baton.server.runtime;

import dev.baton.router.scheduling.PerPoolScheduler;
import dev.baton.router.scheduling.Scheduler;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.PoolConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The scheduler of a configuration: the global {@code scheduling} section's, and for each pool with
 * its own {@code pools[].scheduling} one built from that section over the global one. All are built
 * over the same scheduler state, so prefix and session knowledge is shared and survives reloads.
 */
public final class PoolSchedulers {
  private PoolSchedulers() {}

  /** @param build builds the scheduler of one section (validated already) */
  public static Scheduler of(BatonConfig config, Function<SchedulingConfig, Scheduler> build) {
    Scheduler shared = build.apply(config.scheduling());
    Map<String, Scheduler> byPool = new HashMap<>();
    for (int i = 0; i < config.pools().size(); i++) {
      PoolConfig pool = config.pools().get(i);
      if (pool.scheduling() != null) {
        byPool.put(pool.name(), build.apply(
            pool.scheduling().over(config.scheduling(), "pools[" + i + "]").config()));
      }
    }
    return byPool.isEmpty() ? shared : new PerPoolScheduler(shared, byPool);
  }
}
