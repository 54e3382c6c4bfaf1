package dev.baton.sim;

import dev.baton.sim.api.ApiError;
import dev.baton.sim.api.ApiServices;
import dev.baton.sim.api.GenerateHandler;
import dev.baton.sim.api.InfoRoutes;
import dev.baton.sim.api.RequestCounters;
import dev.baton.sim.engine.Engine;
import dev.baton.sim.engine.EngineCounters;
import dev.baton.sim.fault.FaultDice;
import dev.baton.sim.handoff.Handoff;
import dev.baton.sim.handoff.KvSideChannel;
import dev.baton.sim.kvevents.KvEventPublisher;
import dev.baton.sim.kvevents.KvEventSettings;
import dev.baton.sim.metrics.SimMetrics;
import dev.baton.sim.sglang.SglangRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.UUID;

/**
 * One simulated worker as a verticle: the engine, the HTTP API and the KV side channel all run on
 * this verticle's single event loop, so engine state needs no locks.
 */
final class WorkerVerticle extends VerticleBase {

  private static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

  private final SimConfig config;
  private final RequestCounters counters = new RequestCounters();
  private final FaultDice dice;
  private volatile boolean healthy = true;
  private Engine engine;
  private Handoff handoff;
  private KvSideChannel sideChannel;
  private HttpServer server;
  private final KvEventSettings kvEventSettings;
  private KvEventPublisher kvEvents;

  private final Flavor flavor;

  WorkerVerticle(SimConfig config, KvEventSettings kvEventSettings, Flavor flavor) {
    this.config = config;
    this.flavor = flavor;
    this.kvEventSettings = kvEventSettings;
    this.dice = new FaultDice(config.faults());
  }

  @Override
  public Future<?> start() {
    EngineCounters engineCounters = new EngineCounters();
    SimMetrics metrics = new SimMetrics(config, engineCounters);
    engine = new Engine(context, config, engineCounters, metrics);
    handoff = new Handoff(vertx, config, engine, "sim-" + UUID.randomUUID());
    sideChannel = new KvSideChannel(handoff);
    ApiServices services = new ApiServices(config, flavor, engine, counters, metrics, handoff);

    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    router.post("/v1/completions").handler(new GenerateHandler(services, dice, false)::handle);
    router.post("/v1/chat/completions").handler(new GenerateHandler(services, dice, true)::handle);
    if (flavor.sglang()) {
      new SglangRoutes(config, flavor, engineCounters, handoff::sideChannelPort).mount(router);
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
    return startKvEvents()
        .compose(v -> ListenFailure.naming(sideChannel.listen(vertx, config.host(), config.kvPort()),
            "KV side channel", config.host(), config.kvPort()))
        .compose(p -> ListenFailure.naming(server.listen(config.port(), config.host()),
            "HTTP API", config.host(), config.port()));
  }

  /** Binds the KV-event sockets (off the event loop) when the worker publishes events. */
  private Future<Void> startKvEvents() {
    if (kvEventSettings == null) {
      return Future.succeededFuture();
    }
    return Future.fromCompletionStage(KvEventPublisher.start(kvEventSettings, config.host()),
        context).map(publisher -> {
          kvEvents = publisher;
          engine.blockEvents(publisher);
          return null;
        });
  }

  private static void fail(io.vertx.ext.web.RoutingContext ctx, int status, String message) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
          .end(new ApiError(status, message, null).toJson().toString());
    }
  }

  @Override
  public Future<?> stop() {
    engine.close();
    Future<Void> events = kvEvents == null ? Future.succeededFuture()
        : Future.fromCompletionStage(kvEvents.close(), context);
    return Future.join(server.close(), sideChannel.close(), handoff.close(), events);
  }

  /** The KV-event publisher, or null when the worker publishes none. */
  KvEventPublisher kvEvents() {
    return kvEvents;
  }

  int port() {
    return server.actualPort();
  }

  int kvPort() {
    return handoff.sideChannelPort();
  }

  String engineId() {
    return handoff.engineId();
  }

  void healthy(boolean value) {
    healthy = value;
  }

  FaultDice dice() {
    return dice;
  }

  SimStats stats() {
    var e = engine.counters();
    return new SimStats(counters.received.get(), counters.completed.get(), counters.aborted.get(),
        e.running(), e.waiting(), e.heldBlocks(), counters.kvTransfersIn.get(), counters.kvTransferBlocksIn.get(),
        counters.localPrefillFallbacks.get(), e.prefixCacheQueries(), e.prefixCacheHits(), e.usedBlocks(),
        engine.totalBlocks(), e.promptTokens(), e.generationTokens(), e.preemptions());
  }

  /** Clears counters, cached prefixes and held blocks, on the worker's loop. */
  Future<Void> reset() {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    context.runOnContext(x -> {
      engine.reset();
      counters.reset();
      done.complete();
    });
    return done.future();
  }
}
