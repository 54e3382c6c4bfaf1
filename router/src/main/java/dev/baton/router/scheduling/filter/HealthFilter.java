package dev.baton.router.scheduling.filter;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.plugin.Filter;
import dev.baton.router.scheduling.plugin.SchedulingContext;

/**
 * Type {@code health}: keeps endpoints that are schedulable (not unhealthy, not draining, breaker
 * closed). The scheduler applies this check to every profile anyway; the plugin exists so a config
 * can list it explicitly. No parameters.
 */
public final class HealthFilter implements Filter {
  public static final String TYPE = "health";

  @Override
  public boolean keep(SchedulingContext ctx, EndpointState endpoint) {
    return endpoint.schedulable();
  }
}
