package dev.baton.bench.balancer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small TCP round-robin balancer on loopback, standing in for a Kubernetes Service in front of
 * Baton replicas in the rolling-restart drill: each backend's {@code GET /ready} is polled every
 * {@code checkMillis}, and a new client connection goes to the next backend in rotation (as
 * kube-proxy only sends to Ready endpoints). A backend enters the rotation on a 200 and leaves it on
 * any other answer at once (a draining Baton answers 503), or after {@value #FAILURE_THRESHOLD}
 * checks in a row without an answer (a busy machine may be slow to answer, as a readiness probe's
 * failureThreshold allows). Bytes are piped both ways; a connection that was established stays on
 * its backend until either side closes it. A backend that refuses the connection is skipped.
 */
public final class RoundRobinBalancer {
  private final Vertx vertx;
  private final NetClient net;
  private final HttpClient probes;
  private final Map<SocketAddress, Backend> backends = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final long checkTimer;
  private NetServer server;

  /** Checks in a row that got no answer before a backend leaves the rotation. */
  public static final int FAILURE_THRESHOLD = 3;

  /** One backend: whether it is in rotation, its check state, how many connections it got. */
  private static final class Backend {
    volatile boolean ready;
    volatile boolean checking;
    int unanswered;
    final AtomicLong connections = new AtomicLong();

    /** A check's outcome: a status code, or -1 for no answer. */
    void checked(int status) {
      checking = false;
      if (status == -1) {
        ready = ready && ++unanswered < FAILURE_THRESHOLD;
      } else {
        unanswered = 0;
        ready = status == 200;
      }
    }
  }

  private RoundRobinBalancer(Vertx vertx, long checkMillis) {
    this.vertx = vertx;
    this.net = vertx.createNetClient(new NetClientOptions().setConnectTimeout(1_000));
    this.probes = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
        .setConnectTimeout(1_000).setIdleTimeout(2));
    this.checkTimer = vertx.setPeriodic(checkMillis, id -> checkAll());
  }

  /** Listens on {@code host:port} (0: a free port) and checks readiness every {@code checkMillis}. */
  public static Future<RoundRobinBalancer> start(Vertx vertx, String host, int port,
      long checkMillis) {
    RoundRobinBalancer balancer = new RoundRobinBalancer(vertx, checkMillis);
    balancer.server = vertx.createNetServer().connectHandler(balancer::accept);
    return balancer.server.listen(port, host).map(s -> balancer);
  }

  /** The port it listens on. */
  public int port() {
    return server.actualPort();
  }

  /** Adds a backend; it takes connections once a readiness check (within 100 ms or so) passes. */
  public void add(String host, int port) {
    backends.putIfAbsent(SocketAddress.inetSocketAddress(port, host), new Backend());
  }

  /** Keeps exactly these backends (new ones wait for their first readiness check). */
  public void retain(List<SocketAddress> addresses) {
    backends.keySet().retainAll(addresses);
    addresses.forEach(a -> backends.putIfAbsent(a, new Backend()));
  }

  /** Connections each backend received so far, by {@code host:port}. */
  public Map<String, Long> connections() {
    Map<String, Long> counts = new TreeMap<>();
    backends.forEach((a, b) -> counts.put(a.host() + ":" + a.port(), b.connections.get()));
    return counts;
  }

  /** The backends whose last readiness check passed, as {@code host:port}. */
  public Set<String> ready() {
    Set<String> up = new TreeSet<>();
    backends.forEach((a, b) -> {
      if (b.ready) {
        up.add(a.host() + ":" + a.port());
      }
    });
    return up;
  }

  /** Client connections closed at once because no backend was ready or reachable. */
  public long refused() {
    return refused.get();
  }

  private void checkAll() {
    backends.forEach((address, backend) -> {
      if (backend.checking) {
        return;
      }
      backend.checking = true;
      probes.request(HttpMethod.GET, address.port(), address.host(), "/ready")
          .compose(req -> req.send().map(resp -> resp.statusCode()))
          .onComplete(ar -> backend.checked(ar.succeeded() ? ar.result() : -1));
    });
  }

  private void accept(NetSocket client) {
    client.pause();
    List<Map.Entry<SocketAddress, Backend>> ready = backends.entrySet().stream()
        .filter(e -> e.getValue().ready).sorted(Map.Entry.comparingByKey(
            Comparator.comparing(SocketAddress::toString))).toList();
    connect(client, ready, Math.floorMod(next.getAndIncrement(), Math.max(1, ready.size())), 0);
  }

  /** Tries the ready backends in turn from {@code start}; closes the client when none answers. */
  private void connect(NetSocket client, List<Map.Entry<SocketAddress, Backend>> ready, int start,
      int tried) {
    if (tried >= ready.size()) {
      refused.incrementAndGet();
      client.close();
      return;
    }
    Map.Entry<SocketAddress, Backend> target = ready.get((start + tried) % ready.size());
    net.connect(target.getKey()).onSuccess(upstream -> {
      target.getValue().connections.incrementAndGet();
      client.pipeTo(upstream);
      upstream.pipeTo(client);
    }).onFailure(err -> connect(client, ready, start, tried + 1));
  }

  /** Stops listening and checking; connections in flight are cut. */
  public Future<Void> close() {
    vertx.cancelTimer(checkTimer);
    return server.close().eventually(net::close).eventually(probes::close);
  }
}
