package dev.baton.bench.floor;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor of a JVM proxy, for {@code scripts/bench-proxy}: the least a Vert.x 5 HTTP proxy can do
 * per request. Each request goes to one fixed upstream with its method, path, headers and body
 * piped through, and the answer is piped back as it arrives (no buffering, no reading of events,
 * no routing, no metrics, no log). One server and one client per event loop, like Baton's front
 * door, so the two run on the same event loops and the same transport; what Baton costs above this
 * floor is Baton's own work, what this floor costs above nginx is the JVM stack's.
 */
public final class PassThroughProxy extends VerticleBase {
  /** Hop-by-hop headers (RFC 9110 7.6.1) and Host: each connection sets its own. */
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive",
      "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "host");

  private final String host;
  private final int port;
  private final String upstreamHost;
  private final int upstreamPort;
  private final AtomicInteger bound;
  private HttpClientAgent client;

  private PassThroughProxy(String host, int port, String upstreamHost, int upstreamPort,
      AtomicInteger bound) {
    this.host = host;
    this.port = port;
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
    this.bound = bound;
  }

  /**
   * Listens on {@code host:port} (port 0: one free port shared by every instance) with one server
   * and one upstream client on each of {@code instances} event loops; completes with the port.
   */
  public static Future<Integer> start(Vertx vertx, String host, int port, String upstreamHost,
      int upstreamPort, int instances) {
    // Servers asking for the same negative port share one random port (two asking for 0 would not).
    int shared = port == 0 ? -1 : port;
    AtomicInteger bound = new AtomicInteger();
    return vertx.deployVerticle(
            () -> new PassThroughProxy(host, shared, upstreamHost, upstreamPort, bound),
            new DeploymentOptions().setInstances(Math.max(1, instances)))
        .map(id -> bound.get());
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(1024).setMaxWaitQueueSize(-1));
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(this::relay)
        .listen()
        .onSuccess(server -> bound.set(server.actualPort()));
  }

  private void relay(HttpServerRequest request) {
    // The body must wait until the upstream request exists; send(request) resumes it.
    request.pause();
    HttpServerResponse response = request.response();
    RequestOptions options = new RequestOptions().setMethod(request.method())
        .setHost(upstreamHost).setPort(upstreamPort).setURI(request.uri())
        .setHeaders(forwarded(request.headers()));
    client.request(options)
        .compose(upstream -> upstream.send(request))
        .onSuccess(answer -> pipeBack(answer, response))
        .onFailure(err -> {
          if (!response.headWritten()) {
            response.setStatusCode(502).end();
          } else {
            response.reset();
          }
        });
  }

  private static void pipeBack(HttpClientResponse answer, HttpServerResponse response) {
    response.setStatusCode(answer.statusCode());
    response.headers().addAll(forwarded(answer.headers()));
    // Without a Content-Length, send() streams it chunked, flushing each buffer as it comes.
    response.send(answer);
  }

  private static MultiMap forwarded(MultiMap headers) {
    MultiMap copy = MultiMap.caseInsensitiveMultiMap();
    headers.forEach((name, value) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        copy.add(name, value);
      }
    });
    return copy;
  }
}
