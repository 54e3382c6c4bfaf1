package dev.baton.sim;

import dev.baton.sim.api.ApiError;
import dev.baton.sim.api.ApiServices;
import dev.baton.sim.api.GenerateHandler;
import dev.baton.sim.api.InfoRoutes;
import dev.baton.sim.api.RankChooser;
import dev.baton.sim.engine.EngineCounters;
import dev.baton.sim.fault.FaultDice;
import dev.baton.sim.kvevents.KvEventPublisher;
import dev.baton.sim.kvevents.KvEventSettings;
import dev.baton.sim.kvevents.PortBlock;
import dev.baton.sim.metrics.SimMetrics;
import dev.baton.sim.sglang.SglangRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One simulated worker as a verticle: the engines (one per data-parallel rank), the HTTP API and
 * the KV side channels all run on this verticle's single event loop, so engine state needs no
 * locks.
 */
final class WorkerVerticle extends VerticleBase {

  private static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

  private final SimConfig config;
  private final FaultDice dice;
  private final int dataParallelSize;
  private volatile boolean healthy = true;
  private final List<EngineRank> ranks = new ArrayList<>();
  private HttpServer server;
  private final KvEventSettings kvEventSettings;

  private final Flavor flavor;

  WorkerVerticle(SimConfig config, KvEventSettings kvEventSettings, Flavor flavor,
      int dataParallelSize) {
    if (dataParallelSize < 1) {
      throw new IllegalArgumentException("data-parallel size must be >= 1: " + dataParallelSize);
    }
    this.config = config;
    this.flavor = flavor;
    this.kvEventSettings = kvEventSettings;
    this.dataParallelSize = dataParallelSize;
    this.dice = new FaultDice(config.faults());
  }

  @Override
  public Future<?> start() {
    List<EngineCounters> counters = new ArrayList<>();
    for (int i = 0; i < dataParallelSize; i++) {
      counters.add(new EngineCounters());
    }
    SimMetrics metrics = new SimMetrics(config, counters);
    String engineId = "sim-" + UUID.randomUUID();
    List<ApiServices> services = new ArrayList<>();
    for (int i = 0; i < dataParallelSize; i++) {
      EngineRank rank = new EngineRank(i, context, config, counters.get(i), metrics,
          dataParallelSize == 1 ? engineId : engineId + "-dp" + i);
      ranks.add(rank);
      services.add(rank.services(flavor, metrics));
    }
    List<dev.baton.sim.handoff.Handoff> handoffs = ranks.stream().map(r -> r.handoff).toList();
    ranks.forEach(r -> r.sideChannel.ranks(handoffs));
    RankChooser chooser = new RankChooser(services);

    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    router.post("/v1/completions").handler(new GenerateHandler(chooser, config, dice, false)::handle);
    router.post("/v1/chat/completions")
        .handler(new GenerateHandler(chooser, config, dice, true)::handle);
    if (flavor.sglang()) {
      new SglangRoutes(config, flavor, counters, ranks.get(0).handoff::sideChannelPort)
          .mount(router);
    }
    new InfoRoutes(config, metrics, () -> healthy).mount(router);
    router.errorHandler(404, ctx -> fail(ctx, 404, "Not Found"));
    router.errorHandler(405, ctx -> fail(ctx, 405, "Method Not Allowed"));
    router.errorHandler(413, ctx -> fail(ctx, 413, "Request body too large"));
    router.errorHandler(500, ctx -> fail(ctx, 500, "Internal server error"));

    server = vertx.createHttpServer()
        .connectionHandler(conn -> {
          // A dead listener: accept, then hang up before a byte is read.
          if (dice.config().rejectConnections()) {
            conn.close();
          }
        })
        .requestHandler(router);
    KvEventSettings events = eventPorts();
    Future<Void> ready = Future.succeededFuture();
    for (EngineRank rank : ranks) {
      ready = ready.compose(v -> rank.start(events));
    }
    return ready.compose(v -> ListenFailure.naming(server.listen(config.port(), config.host()),
        "HTTP API", config.host(), config.port()));
  }

  /**
   * The KV-event settings rank 0 binds; rank {@code i} adds {@code i} to both ports. Ports left free
   * (0) become the first of a free run, so every rank still sits at the first port plus its rank.
   */
  private KvEventSettings eventPorts() {
    KvEventSettings e = kvEventSettings;
    if (e == null || dataParallelSize == 1) {
      return e;
    }
    int port = e.port() == 0 ? PortBlock.find(config.host(), dataParallelSize) : e.port();
    int replay = e.replayPort() == 0 ? PortBlock.find(config.host(), dataParallelSize)
        : e.replayPort();
    return new KvEventSettings(port, replay, e.topic(), e.encoding(), e.hashes(), e.bufferSteps());
  }

  private static void fail(io.vertx.ext.web.RoutingContext ctx, int status, String message) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
          .end(new ApiError(status, message, null).toJson().toString());
    }
  }

  @Override
  public Future<?> stop() {
    List<Future<Void>> stopping = new ArrayList<>();
    stopping.add(server == null ? Future.succeededFuture() : server.close());
    ranks.forEach(rank -> stopping.add(rank.stop()));
    return Future.join(stopping);
  }

  /** Rank 0's KV-event publisher, or null when the worker publishes none. */
  KvEventPublisher kvEvents() {
    return ranks.get(0).kvEvents();
  }

  /** Rank {@code i}'s KV-event publisher, or null when the worker publishes none. */
  KvEventPublisher kvEvents(int rank) {
    return ranks.get(rank).kvEvents();
  }

  int port() {
    return server.actualPort();
  }

  int kvPort() {
    return ranks.get(0).handoff.sideChannelPort();
  }

  String engineId() {
    return ranks.get(0).handoff.engineId();
  }

  void healthy(boolean value) {
    healthy = value;
  }

  FaultDice dice() {
    return dice;
  }

  /** The whole worker: every rank added up. */
  SimStats stats() {
    return SimStats.sum(ranks.stream().map(EngineRank::stats).toList());
  }

  /** One data-parallel rank's counters. */
  SimStats stats(int rank) {
    return ranks.get(rank).stats();
  }

  int dataParallelSize() {
    return dataParallelSize;
  }

  /** Clears counters, cached prefixes and held blocks, on the worker's loop. */
  Future<Void> reset() {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    context.runOnContext(x -> {
      ranks.forEach(EngineRank::reset);
      done.complete();
    });
    return done.future();
  }
}
