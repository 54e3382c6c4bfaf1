package dev.baton.server.runtime;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Health;
import dev.baton.router.scheduling.Scheduler;
import dev.baton.server.config.BatonConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything built from one configuration: pools of live endpoints, their dialects and the
 * scheduler. Immutable; a reload builds a new one (reusing the endpoint states that stay) and swaps
 * it in {@link RuntimeHolder}, so a request sees one consistent configuration from start to end.
 *
 * @param config the configuration it was built from
 * @param routes the pools in configuration order
 * @param byModel each served model name to its pool
 * @param scheduler decides where each request goes
 */
public record BatonRuntime(
    BatonConfig config, List<PoolRoute> routes, Map<String, PoolRoute> byModel, Scheduler scheduler) {

  public BatonRuntime {
    routes = List.copyOf(routes);
    byModel = Map.copyOf(byModel);
  }

  public Optional<PoolRoute> route(String model) {
    return Optional.ofNullable(byModel.get(model));
  }

  /** Every endpoint of every pool. */
  public Stream<EndpointState> endpoints() {
    return routes.stream().flatMap(r -> r.pool().endpoints().stream());
  }

  /**
   * Ready to serve: at least one endpoint that can take a request (decode or aggregated) has
   * answered its health probe. An endpoint not probed yet may be scheduled, but does not make Baton
   * ready: readiness waits for the first health round, as it waits for the first discovery list.
   * An endpoint whose connections are all busy still counts: admission queues for it.
   */
  public boolean ready() {
    return endpoints().anyMatch(e -> e.health() == Health.HEALTHY && e.accepting()
        && e.endpoint().role().canDecode());
  }
}
