package dev.baton.router.scheduling.filter;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.plugin.Filter;
import dev.baton.router.scheduling.plugin.SchedulingContext;

/**
 * Type {@code model}: keeps endpoints configured to serve the requested model. Always applied by the
 * scheduler too. No parameters.
 */
public final class ModelFilter implements Filter {
  public static final String TYPE = "model";

  @Override
  public boolean keep(SchedulingContext ctx, EndpointState endpoint) {
    return endpoint.endpoint().serves(ctx.request().model());
  }
}
