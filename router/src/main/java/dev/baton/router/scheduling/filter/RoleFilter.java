package dev.baton.router.scheduling.filter;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.plugin.Filter;
import dev.baton.router.scheduling.plugin.SchedulingContext;

/**
 * Type {@code role}: keeps endpoints whose role may run the phase being picked (prefill: PREFILL or
 * BOTH; decode: DECODE or BOTH). Always applied by the scheduler too. No parameters.
 */
public final class RoleFilter implements Filter {
  public static final String TYPE = "role";

  @Override
  public boolean keep(SchedulingContext ctx, EndpointState endpoint) {
    return ctx.phase().allows(endpoint.endpoint().role());
  }
}
