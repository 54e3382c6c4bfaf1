package dev.baton.server.scrape;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in engine on a real port: {@code /health} answers a settable (or scripted) status, every
 * other path serves a settable metrics body in several chunks. It can stall (accept requests and
 * never answer) and counts what it was asked, including how many requests overlapped.
 */
public final class FixtureWorker implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger maxOpen = new AtomicInteger();
  private final AtomicInteger healthFailuresServed = new AtomicInteger();
  private final AtomicInteger healthSuccessesServed = new AtomicInteger();
  private final Queue<Integer> scriptedHealth = new ConcurrentLinkedQueue<>();
  private final EndpointState state;
  private volatile int healthStatus = 200;
  private volatile int metricsStatus = 200;
  private volatile String metricsBody = "";
  private volatile boolean stalled;

  private FixtureWorker(Vertx vertx) {
    this.server = vertx.createHttpServer().requestHandler(this::handle);
    int port = Await.result(server.listen(0, "127.0.0.1")).actualPort();
    this.state = new EndpointState(Endpoint.of("127.0.0.1", port, Role.BOTH, Set.of("m")));
  }

  public static FixtureWorker start(Vertx vertx) {
    return new FixtureWorker(vertx);
  }

  /** The live state the code under test writes to. */
  public EndpointState state() {
    return state;
  }

  public FixtureWorker healthStatus(int status) {
    this.healthStatus = status;
    return this;
  }

  /** The next health answers, in order, before falling back to {@link #healthStatus(int)}. */
  public FixtureWorker scriptHealth(int... statuses) {
    for (int status : statuses) {
      scriptedHealth.add(status);
    }
    return this;
  }

  public boolean scriptDone() {
    return scriptedHealth.isEmpty();
  }

  public FixtureWorker metrics(String body) {
    this.metricsBody = body;
    return this;
  }

  public FixtureWorker metricsStatus(int status) {
    this.metricsStatus = status;
    return this;
  }

  /** Accept requests but never answer them. */
  public FixtureWorker stall(boolean stalled) {
    this.stalled = stalled;
    return this;
  }

  public int requests(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  public int healthFailuresServed() {
    return healthFailuresServed.get();
  }

  public int healthSuccessesServed() {
    return healthSuccessesServed.get();
  }

  /** The most requests this worker ever had open at once. */
  public int maxConcurrentRequests() {
    return maxOpen.get();
  }

  @Override
  public void close() {
    Await.result(server.close());
  }

  private void handle(HttpServerRequest request) {
    requests.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
    maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
    AtomicBoolean done = new AtomicBoolean();
    Runnable finished = () -> {
      if (done.compareAndSet(false, true)) {
        open.decrementAndGet();
      }
    };
    request.response().endHandler(v -> finished.run());
    request.response().closeHandler(v -> finished.run());
    if (stalled) {
      return;
    }
    if (request.path().equals("/health")) {
      Integer scripted = scriptedHealth.poll();
      int status = scripted != null ? scripted : healthStatus;
      (status == 200 ? healthSuccessesServed : healthFailuresServed).incrementAndGet();
      request.response().setStatusCode(status).end();
      return;
    }
    // Several writes, so the scraper sees a body that arrives in pieces.
    Buffer body = Buffer.buffer(metricsBody);
    var response = request.response().setStatusCode(metricsStatus).setChunked(true);
    response.putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8");
    int third = Math.max(1, body.length() / 3);
    for (int i = 0; i < body.length(); i += third) {
      response.write(body.slice(i, Math.min(body.length(), i + third)));
    }
    response.end();
  }
}
