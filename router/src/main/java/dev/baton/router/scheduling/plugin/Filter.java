package dev.baton.router.scheduling.plugin;

import dev.baton.router.endpoint.EndpointState;

/**
 * Keeps the endpoints that may take the request. Filters run before any scorer; an endpoint any
 * filter rejects is not a candidate. The built-in health, role and model checks always run first.
 */
public interface Filter extends Plugin {

  /** True to keep {@code endpoint} as a candidate for {@code ctx.request()} in {@code ctx.phase()}. */
  boolean keep(SchedulingContext ctx, EndpointState endpoint);
}
