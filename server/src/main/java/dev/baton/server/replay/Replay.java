package dev.baton.server.replay;

import dev.baton.bench.BenchSummary;
import dev.baton.bench.replay.ReplaySettings;
import dev.baton.bench.replay.TraceHeaders;
import dev.baton.bench.replay.TraceReplay;
import dev.baton.bench.trace.TraceRecord;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.PoolConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;

/**
 * Replays a trace offline ({@code baton replay}, and {@code baton tune} once per candidate): starts
 * the simulated workers a {@link FleetSpec} describes, starts Baton in this process with the given
 * configuration pointed at them (the real front door and scheduler, over loopback sockets), sends
 * the trace through {@link TraceReplay} and closes everything again. Every replay gets a fresh
 * fleet on free ports, so replays may run side by side and start from cold caches alike.
 *
 * <p>The configuration is data, not a file: a search passes a copy with its candidate's
 * {@code scheduling} section ({@link BatonConfig#toBuilder()}). Its first pool serves the replay:
 * its endpoints and discovery are replaced by the fleet's workers and its KV-event subscription is
 * dropped (the simulated workers publish none); Baton and its admin server listen on free loopback
 * ports. The client sends no API key, so a configuration with client
 * authentication answers 401.
 *
 * <p>Each request carries its trace line's own SLO objectives, priority, session and tenant, under
 * the header names this configuration reads ({@link #headersOf}).
 */
public final class Replay {

  private static final String LOOPBACK = "127.0.0.1";

  private Replay() {}

  /**
   * Runs one replay and completes with its summary (the same as {@code baton bench}'s), after Baton
   * and the workers have closed. Fails when the fleet or Baton cannot start or the slice is empty.
   */
  public static Future<BenchSummary> run(Vertx vertx, FleetSpec fleet, BatonConfig config,
      List<TraceRecord> trace, ReplaySettings settings) {
    if (config.pools().isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("the configuration has no pool"));
    }
    PoolConfig pool = config.pools().get(0);
    String model = fleet.model() != null ? fleet.model() : pool.servedName(pool.models().get(0));
    return SimulatedFleet.start(vertx, fleet, model).compose(workers ->
        BatonServer.start(vertx, pointedAt(config, workers))
            .compose(baton -> TraceReplay.run(vertx,
                    URI.create("http://" + LOOPBACK + ":" + baton.port()), trace,
                    settings.withHeaders(headersOf(config)))
                .eventually(baton::close))
            .eventually(workers::close));
  }

  /**
   * The names {@code config} reads a request's priority, session and tenant from. The tenant header
   * counts only while client authentication is off; with it on the replay is refused anyway (no
   * key is sent).
   */
  static TraceHeaders headersOf(BatonConfig config) {
    return new TraceHeaders(config.admission().priorityHeader(),
        config.scheduling().sessionHeader(), config.admission().tenantHeader());
  }

  /** {@code config} serving its first pool from {@code workers}, on free loopback ports. */
  static BatonConfig pointedAt(BatonConfig config, SimulatedFleet workers) {
    return config.toBuilder()
        .server(config.server().withHost(LOOPBACK).withPort(0))
        .admin(config.admin().withHost(LOOPBACK).withPort(0))
        .pools(List.of(config.pools().get(0).withEndpoints(workers.endpoints())))
        .build();
  }
}
