package dev.baton.server.runtime;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.pool.Disaggregation;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.Scheduler;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.DisaggregationConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.transfer.handoff.Dialects;
import dev.baton.transfer.handoff.HandoffDialect;
import dev.baton.transfer.handoff.HandoffPolicy;
import java.util.ArrayList;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Builds a {@link BatonRuntime} from a validated configuration. */
public final class RuntimeBuilder {
  private static final System.Logger LOG = System.getLogger(RuntimeBuilder.class.getName());

  private RuntimeBuilder() {}

  public static BatonRuntime build(BatonConfig config, Scheduler scheduler) {
    return build(config, scheduler, null);
  }

  /**
   * Builds a runtime; endpoints that also exist (same id and settings) in {@code previous} keep their
   * live state (health, load, in-flight counts), so a reload does not forget what Baton knows.
   */
  public static BatonRuntime build(BatonConfig config, Scheduler scheduler, BatonRuntime previous) {
    return build(config, scheduler, previous, PoolConfig::endpoints);
  }

  /**
   * Builds a runtime whose pools have the endpoints {@code lists} gives (each pool's source). An entry
   * whose URL is unusable, or that repeats an identity already in its pool, is skipped with a
   * warning: a discovered list is not checked by validation as the file is.
   */
  public static BatonRuntime build(BatonConfig config, Scheduler scheduler, BatonRuntime previous,
      Function<PoolConfig, List<EndpointConfig>> lists) {
    Map<Endpoint, EndpointState> known = new HashMap<>();
    if (previous != null) {
      previous.endpoints().forEach(s -> known.putIfAbsent(s.endpoint(), s));
    }
    List<PoolRoute> routes = new ArrayList<>();
    Map<String, PoolRoute> byModel = new HashMap<>();
    for (PoolConfig pc : config.pools()) {
      List<EndpointState> states = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      for (EndpointConfig ec : lists.apply(pc)) {
        Endpoint endpoint;
        try {
          endpoint = ec.toEndpoint(Set.copyOf(pc.models()));
        } catch (IllegalArgumentException e) {
          LOG.log(Level.WARNING, "pool {0}: endpoint {1} skipped: {2}", pc.name(), ec.url(),
              e.getMessage());
          continue;
        }
        if (!ids.add(endpoint.id())) {
          LOG.log(Level.WARNING, "pool {0}: endpoint {1} skipped: {2} is already in the pool",
              pc.name(), ec.url(), endpoint.id());
          continue;
        }
        EndpointState state = known.computeIfAbsent(endpoint, EndpointState::new);
        state.connectionLimit(config.server().maxConnectionsPerWorker());
        states.add(state);
      }
      DisaggregationConfig dc = pc.disaggregation();
      HandoffDialect dialect = Dialects.get(pc.dialect());
      // A pool without a handoff dialect cannot split, whatever its disaggregation section says.
      Disaggregation split =
          dc.enabled() && Dialects.splits(dialect)
              ? new Disaggregation(true, dc.uncachedTokenThreshold())
              : Disaggregation.OFF;
      Pool pool = new Pool(pc.name(), new LinkedHashSet<>(pc.models()), states, split,
          Set.copyOf(pc.loraAdapters()));
      PoolRoute route =
          new PoolRoute(
              pool,
              dialect,
              new HandoffPolicy(dc.prefillRetries(), dc.onPrefillFailure()),
              config.policy(pc.policy()),
              pc);
      routes.add(route);
      pc.models().forEach(m -> byModel.put(m, route));
      pc.aliases().keySet().forEach(alias -> byModel.put(alias, route));
    }
    return new BatonRuntime(config, routes, byModel, scheduler);
  }
}
