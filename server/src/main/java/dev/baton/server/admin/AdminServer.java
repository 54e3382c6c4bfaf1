package dev.baton.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigException;
import dev.baton.server.config.ServerConfig;
import dev.baton.server.discovery.SourceStatus;
import dev.baton.server.kvevents.PrefixView;
import dev.baton.server.runtime.PoolRoute;
import dev.baton.server.listener.ListenerGuard;
import dev.baton.server.metrics.BatonMetrics;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.transfer.error.OpenAiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The admin server, on its own port: {@code GET /metrics} (Prometheus text), the {@code /admin/*}
 * API (pools, drain/undrain, effective config, reload, stats) and the live dashboard at
 * {@code GET /dashboard}. With a token configured, {@code /admin/*} needs it as a bearer token.
 * Every error is OpenAI-shaped. Handlers only read live state and never block.
 */
public final class AdminServer {
  private static final System.Logger LOG = System.getLogger(AdminServer.class.getName());
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String DASHBOARD = "dashboard/index.html";

  private final HttpServer server;

  private AdminServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts listening; completes once the port is bound.
   *
   * @param runtime the current runtime, read per request so reloads show (e.g. {@code
   *     RuntimeHolder::get})
   * @param metrics Baton's metrics, for {@code /metrics} and {@code /admin/stats}
   * @param reload runs a hot reload and completes when the new config is live; null answers
   *     {@code POST /admin/reload} with 503
   */
  public static Future<AdminServer> start(Vertx vertx, AdminConfig config,
      Supplier<BatonRuntime> runtime, BatonMetrics metrics, Supplier<Future<?>> reload) {
    return start(vertx, config, ListenerGuard.create(ServerConfig.DEFAULTS), runtime,
        pool -> Optional.empty(), metrics, reload);
  }

  /**
   * Starts listening with the given client limits ({@code server.connections},
   * {@code server.clientTimeouts}, {@code server.http2}, counted apart from the front door's), and
   * each pool's endpoint source status by pool name ({@code sources}) for the pools view.
   */
  public static Future<AdminServer> start(Vertx vertx, AdminConfig config, ListenerGuard guard,
      Supplier<BatonRuntime> runtime, Function<String, Optional<SourceStatus>> sources,
      BatonMetrics metrics, Supplier<Future<?>> reload) {
    return start(vertx, config, guard, runtime, sources,
        route -> new PrefixView(route.config().kvEvents() != null, 0), metrics, reload);
  }

  /**
   * As above, with each pool's prefix view ({@code prefixViews}: which view decides its matches)
   * for the pools view and the dashboard.
   */
  public static Future<AdminServer> start(Vertx vertx, AdminConfig config, ListenerGuard guard,
      Supplier<BatonRuntime> runtime, Function<String, Optional<SourceStatus>> sources,
      Function<PoolRoute, PrefixView> prefixViews, BatonMetrics metrics,
      Supplier<Future<?>> reload) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(metrics, "metrics");
    Router router = Router.router(vertx);
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", PROMETHEUS_TEXT).end(metrics.scrape()));
    router.get("/dashboard").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        // A classpath resource: Vert.x's file resolver finds it inside the jar, asynchronously.
        .sendFile(DASHBOARD));
    if (config.token() != null) {
      router.route("/admin/*").handler(new BearerAuth(config.token()));
    }
    router.get("/admin/pools").handler(ctx ->
        json(ctx, 200, PoolsView.pools(runtime.get(), sources, prefixViews)));
    router.get("/admin/stats").handler(ctx -> json(ctx, 200,
        StatsView.of(metrics.liveStats(), metrics.latencyModels(), runtime.get(), sources,
            prefixViews, System.currentTimeMillis())));
    // The runtime holds the last loaded config; restart-only keys keep the values started with.
    BatonConfig started = runtime.get().config();
    router.get("/admin/config").handler(ctx ->
        json(ctx, 200, RestartView.inEffect(started, runtime.get().config())));
    router.get("/admin/config/restart").handler(ctx ->
        json(ctx, 200, RestartView.pending(started, runtime.get().config())));
    router.post("/admin/endpoints/:id/drain").handler(ctx -> drain(ctx, runtime.get(), true));
    router.post("/admin/endpoints/:id/undrain").handler(ctx -> drain(ctx, runtime.get(), false));
    router.post("/admin/reload").handler(ctx -> reload(ctx, reload));
    // Error handlers rather than a catch-all route, so a known path with the wrong method is a 405.
    router.errorHandler(404, ctx -> OpenAiError.notFound(ctx.request().path()).send(ctx.response()));
    router.errorHandler(405, ctx -> new OpenAiError(405, "Method not allowed",
        "invalid_request_error", null, null).send(ctx.response()));
    router.route().failureHandler(AdminServer::fail);
    HttpServerOptions options =
        guard.configure(new HttpServerOptions().setHost(config.host()).setPort(config.port()));
    if (config.tls() != null) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(config.tls().certFile()).setKeyPath(config.tls().keyFile()));
    }
    AdminExposure.warning(config).ifPresent(w -> LOG.log(System.Logger.Level.WARNING, w));
    return vertx.createHttpServer(options).requestHandler(router).connectionHandler(guard)
        .listen().map(AdminServer::new);
  }

  /** Drains or undrains every state with the id (one per pool the worker belongs to). */
  private static void drain(RoutingContext ctx, BatonRuntime runtime, boolean draining) {
    String id = ctx.pathParam("id");
    List<EndpointState> states = runtime.endpoints().filter(e -> e.id().equals(id)).toList();
    if (states.isEmpty()) {
      new OpenAiError(404, "No endpoint with id `" + id + "`", "invalid_request_error", "id",
          "endpoint_not_found").send(ctx.response());
      return;
    }
    states.forEach(e -> e.draining(draining));
    // An audit trail: who drained what is otherwise invisible once the flag flips back.
    LOG.log(System.Logger.Level.INFO, "endpoint {0} {1} by admin request from {2}", id,
        draining ? "draining" : "undrained", ctx.request().remoteAddress());
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("id", id);
    body.put("draining", draining);
    ArrayNode list = body.putArray("endpoints");
    states.forEach(e -> list.add(PoolsView.endpoint(e)));
    json(ctx, 200, body);
  }

  private static void reload(RoutingContext ctx, Supplier<Future<?>> reload) {
    if (reload == null) {
      new OpenAiError(503, "Hot reload is not available in this process", "service_unavailable",
          null, "reload_unavailable").send(ctx.response());
      return;
    }
    Future<?> done;
    try {
      done = reload.get();
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, 200, JsonNodeFactory.instance.objectNode().put("reloaded", true));
      } else if (ar.cause() instanceof ConfigException bad) {
        new OpenAiError(400, bad.getMessage(), "invalid_request_error", null, "invalid_config")
            .send(ctx.response());
      } else {
        LOG.log(System.Logger.Level.WARNING, "reload failed: {0}", ar.cause().toString());
        OpenAiError.internal("Reload failed: " + ar.cause().getMessage()).send(ctx.response());
      }
    });
  }

  private static void json(RoutingContext ctx, int status, JsonNode body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store").end(body.toString());
  }

  private static void fail(RoutingContext ctx) {
    OpenAiError error = switch (ctx.statusCode()) {
      case 404 -> OpenAiError.notFound(ctx.request().path());
      case 405 -> new OpenAiError(405, "Method not allowed", "invalid_request_error", null, null);
      default -> {
        if (ctx.failure() != null) {
          LOG.log(System.Logger.Level.WARNING, "admin request failed: " + ctx.request().path(),
              ctx.failure());
        }
        yield OpenAiError.internal("Internal error");
      }
    };
    error.send(ctx.response());
  }

  /** The port it listens on (useful with port 0). */
  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }
}
