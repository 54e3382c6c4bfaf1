package dev.baton.server.http;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One HTTP server per event loop, all on one port. A Vert.x server created outside a verticle
 * handles every connection on a single event loop, which caps a proxy at one core; servers deployed
 * as several verticle instances share the port and Vert.x spreads connections over their loops.
 */
public final class EventLoopServers {
  private static final AtomicInteger RANDOM_PORT_KEYS = new AtomicInteger();

  private final Vertx vertx;
  private final String deployment;
  private final int port;
  private final List<HttpServer> servers;

  private EventLoopServers(Vertx vertx, String deployment, int port, List<HttpServer> servers) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.port = port;
    this.servers = servers;
  }

  /**
   * Starts {@code instances} servers on {@code options.getPort()}; port 0 picks one free port that
   * all of them share. Vert.x shares a random port between servers that ask for the same negative
   * port (two asking for 0 would get two ports), so each call takes a negative port of its own: two
   * front doors in one Vert.x never end up on one port.
   *
   * @param connectionHandler hears of every connection (the listener's guard)
   * @param requestHandler makes each server's handler (a router per server, so no router state is
   *     shared between event loops)
   */
  public static Future<EventLoopServers> listen(
      Vertx vertx,
      HttpServerOptions options,
      Supplier<Handler<HttpServerRequest>> requestHandler,
      Handler<HttpServerRequest> invalidRequestHandler,
      Handler<HttpConnection> connectionHandler,
      int instances) {
    HttpServerOptions shared =
        options.getPort() == 0
            ? new HttpServerOptions(options).setPort(-RANDOM_PORT_KEYS.incrementAndGet())
            : options;
    AtomicInteger bound = new AtomicInteger();
    List<HttpServer> started = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(
            () -> new Listener(shared, requestHandler, invalidRequestHandler, connectionHandler,
                bound, started),
            new DeploymentOptions().setInstances(Math.max(1, instances)))
        .map(id -> new EventLoopServers(vertx, id, bound.get(), List.copyOf(started)));
  }

  public int port() {
    return port;
  }

  /**
   * Stops accepting and lets the connections finish what they serve: an HTTP/1.1 connection closes
   * once its response ends, an HTTP/2 one gets GOAWAY; whatever is still open after {@code grace}
   * is closed. Completes when every connection is gone.
   */
  public Future<Void> shutdown(Duration grace) {
    return Future.all(servers.stream()
            .map(s -> s.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS)).toList())
        .mapEmpty();
  }

  /** Stops listening on every event loop (undeploying a verticle closes its server). */
  public Future<Void> close() {
    return vertx.undeploy(deployment);
  }

  /** One server on the event loop of its verticle instance. */
  private static final class Listener extends VerticleBase {
    private final HttpServerOptions options;
    private final Supplier<Handler<HttpServerRequest>> requestHandler;
    private final Handler<HttpServerRequest> invalidRequestHandler;
    private final Handler<HttpConnection> connectionHandler;
    private final AtomicInteger bound;
    private final List<HttpServer> started;

    Listener(HttpServerOptions options, Supplier<Handler<HttpServerRequest>> requestHandler,
        Handler<HttpServerRequest> invalidRequestHandler,
        Handler<HttpConnection> connectionHandler, AtomicInteger bound,
        List<HttpServer> started) {
      this.options = options;
      this.requestHandler = requestHandler;
      this.invalidRequestHandler = invalidRequestHandler;
      this.connectionHandler = connectionHandler;
      this.bound = bound;
      this.started = started;
    }

    @Override
    public Future<?> start() {
      return vertx.createHttpServer(options)
          .requestHandler(requestHandler.get())
          .invalidRequestHandler(invalidRequestHandler)
          .connectionHandler(connectionHandler)
          .listen()
          .onSuccess(server -> {
            bound.set(server.actualPort());
            started.add(server);
          });
    }
  }
}
