package dev.baton.server.http;

import dev.baton.server.config.ServerConfig;
import dev.baton.server.limits.InvalidRequests;
import dev.baton.server.listener.BodyBudget;
import dev.baton.server.listener.ListenerGuard;
import dev.baton.server.listener.SettledRequest;
import dev.baton.server.metrics.RequestObserver;
import dev.baton.server.models.ModelCatalog;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.server.slo.SloRouting;
import dev.baton.server.tokenize.PromptTokens;
import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.exchange.SingleLegExchange;
import dev.baton.transfer.handoff.RequestKind;
import dev.baton.transfer.protocol.Exchanges;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Baton's HTTP server (HTTP/1.1 and cleartext HTTP/2): the OpenAI routes, the allow-listed
 * {@code /v1/*} routes passed through ({@code server.passthroughRoutes}), {@code /health} and
 * {@code /ready}; ambiguous paths are refused before any routing. Every error a client can get is OpenAI-shaped.
 */
public final class FrontDoor {
  private final EventLoopServers servers;
  private final ListenerGuard guard;
  private final InFlightExchanges inFlight;
  private final AtomicBoolean draining;

  private FrontDoor(EventLoopServers servers, ListenerGuard guard, InFlightExchanges inFlight,
      AtomicBoolean draining) {
    this.servers = servers;
    this.guard = guard;
    this.inFlight = inFlight;
    this.draining = draining;
  }

  /**
   * Starts listening with the given guards (authentication, limits, admission), with one server per
   * core sharing the port; completes once the port is bound. With {@code config.tls()} the port
   * serves HTTPS only.
   *
   * @param observer hears about every inference request (metrics, access log)
   * @param tokens prompt token ids for pools that match prefixes precisely
   * @param catalog what the workers serve, for {@code /v1/models} and {@code /version}
   * @param slo requests' latency objectives, early refusals and the latency model's observations
   */
  public static Future<FrontDoor> start(
      Vertx vertx,
      ServerConfig config,
      RuntimeHolder runtime,
      SingleLegExchange single,
      Exchanges exchanges,
      RequestObserver observer,
      Guards guards,
      PromptTokens tokens,
      ModelCatalog catalog,
      SloRouting slo) {
    ListenerGuard guard = ListenerGuard.create(config);
    HttpServerOptions options =
        guard.configure(new HttpServerOptions())
            .setHost(config.host())
            .setPort(config.port())
            .setHttp2ClearTextEnabled(true)
            .setCompressionSupported(false)
            // No WebSockets here: without their compression extensions Vert.x puts no extension
            // handler on each HTTP/1.1 connection, which every request and response write crossed.
            .setPerFrameWebSocketCompressionSupported(false)
            .setPerMessageWebSocketCompressionSupported(false)
            // Vert.x's own hard cap; up to it the limits handler answers 431 in OpenAI's shape.
            .setMaxHeaderSize(Math.max(8192, 2 * guards.limits().limits().config().maxHeaderBytes()));
    if (config.tls() != null) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(config.tls().certFile()).setKeyPath(config.tls().keyFile()));
    }
    InFlightExchanges inFlight = new InFlightExchanges();
    AtomicBoolean draining = new AtomicBoolean();
    ProbeHandlers probes = new ProbeHandlers(runtime, draining::get);
    return EventLoopServers.listen(
            vertx,
            options,
            () -> new CloseWhileDraining(draining::get, new RequestTargetGuard(
                routes(vertx, config, runtime, single, exchanges, observer, guards,
                    guard.bodies(), tokens, catalog, slo, probes, inFlight))),
            new InvalidRequests(),
            guard,
            Runtime.getRuntime().availableProcessors())
        .map(servers -> new FrontDoor(servers, guard, inFlight, draining));
  }

  /** The routes one server serves; every handler it holds is safe to share between event loops. */
  private static Router routes(
      Vertx vertx,
      ServerConfig config,
      RuntimeHolder runtime,
      SingleLegExchange single,
      Exchanges exchanges,
      RequestObserver observer,
      Guards guards,
      BodyBudget bodies,
      PromptTokens tokens,
      ModelCatalog catalog,
      SloRouting slo,
      ProbeHandlers probes,
      InFlightExchanges inFlight) {
    Router router = Router.router(vertx);
    router.get("/health").handler(probes::health);
    router.get("/ready").handler(probes::ready);
    // Every path that may reach a worker takes the same checks; /v1/* as a whole, so that an
    // unknown /v1 route is refused only after authentication.
    List<String> guarded = new ArrayList<>(List.of("/v1/*", "/version"));
    config.passthroughRoutes().stream().filter(p -> !p.startsWith("/v1/")).forEach(guarded::add);
    // Each served path with its one method; any other method gets 405 with Allow.
    Map<String, HttpMethod> served = new HashMap<>();
    BodyHandler body =
        BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()).setHandleFileUploads(false);
    MultipartBodyReader multipart = new MultipartBodyReader(config.maxBodyBytes());
    // The guarded paths do not overlap, so each has its whole chain in one run of routes, /v1/*
    // first: a chat request's walk through the router passes no route of another path. Checks
    // that follow each other share a step of the walk, as a route with several handlers or one
    // handler calling the next: every step costs every request.
    for (String path : guarded) {
      // In flight first, so a shutdown knows every request it may have to end; then the cheap
      // refusals: nothing of an unauthenticated or oversized request's body is read.
      router.route(path).handler(inFlight.then(guards.limits().headersThen(guards.auth())));
      // After auth: the model list is as private as the models.
      if (path.equals("/v1/*")) {
        router.get("/v1/models").handler(new ModelsHandler(runtime, catalog));
        served.put("/v1/models", HttpMethod.GET);
      } else if (path.equals("/version")) {
        router.get("/version").handler(new VersionHandler(runtime, catalog));
        served.put("/version", HttpMethod.GET);
      }
      // The body budget, then the body: as raw bytes if a multipart upload, else Vert.x's reader.
      router.route(path).handler(bodies.then(multipart.orElse(body)));
      // Every route that calls workers waits for its request to settle (SettledRequest).
      if (path.equals("/v1/*")) {
        router.post("/v1/chat/completions").handler(new SettledRequest(new InferenceHandler(
            RequestKind.CHAT, runtime, exchanges, observer, guards, tokens, slo)));
        router.post("/v1/completions").handler(new SettledRequest(new InferenceHandler(
            RequestKind.COMPLETION, runtime, exchanges, observer, guards, tokens, slo)));
        served.put("/v1/chat/completions", HttpMethod.POST);
        served.put("/v1/completions", HttpMethod.POST);
      }
      for (String passthrough : config.passthroughRoutes()) {
        if (passthrough.equals(path) || path.equals("/v1/*") && passthrough.startsWith("/v1/")) {
          router.post(passthrough).handler(new SettledRequest(
              new PassthroughHandler(passthrough, runtime, single, observer, guards)));
          served.put(passthrough, HttpMethod.POST);
        }
      }
    }
    // Nothing else reaches a worker: a route Baton does not know is unknown.
    router.route().handler(ctx -> {
      HttpMethod allowed = served.get(ctx.normalizedPath());
      if (allowed == null) {
        OpenAiError.notFound(ctx.normalizedPath()).send(ctx.response());
        return;
      }
      ctx.response().putHeader(HttpHeaders.ALLOW, allowed.name());
      OpenAiError.methodNotAllowed(ctx.request().method().name(), ctx.normalizedPath())
          .send(ctx.response());
    });
    router.route().failureHandler(ctx -> fail(ctx, config.maxBodyBytes()));
    return router;
  }

  private static void fail(RoutingContext ctx, long maxBodyBytes) {
    OpenAiError error =
        switch (ctx.statusCode()) {
          case 413 -> OpenAiError.payloadTooLarge(maxBodyBytes);
          case 400 -> OpenAiError.badRequest("Malformed request", null, "malformed_request");
          default -> OpenAiError.internal("Internal error");
        };
    error.send(ctx.response());
  }

  /** What the front door's clients hold now (connections, HTTP/2 streams). */
  public ListenerGuard guard() {
    return guard;
  }

  public int port() {
    return servers.port();
  }

  /** From now on {@code /ready} answers 503; requests are still served. */
  public void drain() {
    draining.set(true);
  }

  /** The requests being answered now. */
  public InFlightExchanges inFlight() {
    return inFlight;
  }

  /**
   * Stops accepting connections and lets the open ones finish (see
   * {@link EventLoopServers#shutdown}); completes when none is left or after {@code grace}.
   */
  public Future<Void> shutdown(Duration grace) {
    drain();
    return servers.shutdown(grace);
  }

  public Future<Void> close() {
    return servers.close();
  }
}
