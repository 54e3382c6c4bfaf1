package dev.baton.server.discovery;

import dev.baton.server.config.PoolConfig;
import io.vertx.core.Vertx;

/**
 * What a source is started with.
 *
 * @param vertx for timers and clients; a source never blocks an event loop
 * @param pool the pool whose endpoints it publishes, as configured
 */
public record SourceContext(Vertx vertx, PoolConfig pool) {}
