package dev.baton.transfer.upstream;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.error.UpstreamFailure.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.netty.util.concurrent.EventExecutor;
import io.netty.channel.ConnectTimeoutException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends requests to workers. A Vert.x {@code HttpClient} per event loop keeps a separate connection
 * pool per worker address; the address always comes from a configured {@link Endpoint}, never from
 * a request.
 *
 * <p>Why a client per event loop: one client's pool hands a request a free connection to the
 * worker whichever event loop it lives on, so with N loops about (N-1)/N of the calls ran on
 * another loop's connection, and every message of the call (the request's write, the answer's
 * head, each chunk, the end) crossed threads through a task queue, often with a wake-up. A loop's
 * own client only has connections that loop opened, so a call stays on its loop. The pool bound
 * applies per loop; what bounds the requests one worker is sent at once is the scheduler, which
 * picks no worker whose in-flight calls reach {@code maxConnectionsPerWorker}.
 */
public final class WorkerClient implements AutoCloseable {
  private final Vertx vertx;
  /** Each event loop's client, by the loop; read-only once built. */
  private final Map<EventExecutor, HttpClientAgent> byLoop = new IdentityHashMap<>();
  /** The first loop's, for a call from a thread of no loop (the loop Vert.x then runs it on has one). */
  private final HttpClientAgent anyLoop;
  /**
   * Each endpoint's address as Vert.x takes it, by endpoint id: given a host and port alone, Vert.x
   * parses the host into an IP address and builds a {@link SocketAddress} on every request.
   */
  private final Map<String, WorkerAddress> addresses = new ConcurrentHashMap<>();
  private static final int MAX_ADDRESSES = 4096;

  /** An endpoint's socket address, kept while the endpoint's host and port stay what they were. */
  private record WorkerAddress(Endpoint endpoint, SocketAddress address) {

    boolean isOf(Endpoint other) {
      return endpoint == other
          || (endpoint.port() == other.port() && endpoint.host().equals(other.host()));
    }
  }

  /**
   * @param timeouts only {@code connect} is read here, as the default of calls that name none
   * @param maxConnectionsPerWorker HTTP/1.1 connections kept per worker; a streaming request holds
   *     one for its whole life, so this bounds the concurrent requests Baton sends to one worker
   */
  public WorkerClient(Vertx vertx, UpstreamTimeouts timeouts, int maxConnectionsPerWorker) {
    this.vertx = vertx;
    HttpClientAgent first = null;
    for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      HttpClientAgent client =
          vertx
              .httpClientBuilder()
              .with(
                  new HttpClientOptions()
                      .setKeepAlive(true)
                      .setConnectTimeout((int) timeouts.connect().toMillis()))
              .with(new PoolOptions().setHttp1MaxSize(maxConnectionsPerWorker).setMaxWaitQueueSize(-1))
              .build();
      byLoop.put(loop, client);
      first = first == null ? client : first;
    }
    this.anyLoop = first;
  }

  public WorkerClient(Vertx vertx, UpstreamTimeouts timeouts) {
    this(vertx, timeouts, 1024);
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Sends {@code request} to {@code endpoint} as {@code call}; its response future completes with the
   * headers or fails with an {@link UpstreamFailure}. Timers other than connecting are the caller's.
   */
  public void send(Endpoint endpoint, UpstreamRequest request, UpstreamCall call, Duration connectTimeout) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(request.method())
            .setServer(address(endpoint))
            .setHost(endpoint.host())
            .setPort(endpoint.port())
            .setSsl("https".equals(endpoint.scheme()))
            .setURI(request.path())
            .setConnectTimeout(connectTimeout.toMillis())
            .setHeaders(request.headers());
    // One listener per future (not an onSuccess and an onFailure each): a second listener costs
    // Vert.x a listener array and a dispatch more, on every request.
    client().request(options).onComplete(connected -> {
      if (connected.failed()) {
        Throwable err = connected.cause();
        call.fail(isTimeout(err)
            ? new UpstreamFailure(Kind.TIMEOUT, "connect to worker " + endpoint.id() + " timed out", err)
            : new UpstreamFailure(Kind.UNREACHABLE, "worker " + endpoint.id() + " unreachable: " + err, err));
        return;
      }
      HttpClientRequest req = connected.result();
      call.attach(req);
      if (call.aborted()) {
        return;
      }
      call.markSent();
      req.send(request.body()).onComplete(answered -> {
        if (answered.succeeded()) {
          call.complete(answered.result());
        } else {
          call.fail(new UpstreamFailure(Kind.UNREACHABLE,
              "worker " + endpoint.id() + " failed before answering: " + answered.cause(),
              answered.cause()));
        }
      });
    });
  }

  /** The calling event loop's client. */
  private HttpClientAgent client() {
    HttpClientAgent own = byLoop.get(((ContextInternal) vertx.getOrCreateContext()).nettyEventLoop());
    return own != null ? own : anyLoop;
  }

  private SocketAddress address(Endpoint endpoint) {
    WorkerAddress known = addresses.get(endpoint.id());
    if (known == null || !known.isOf(endpoint)) {
      // First call, or a reload moved the id to another address (the old one is replaced).
      known = new WorkerAddress(endpoint, SocketAddress.inetSocketAddress(endpoint.port(), endpoint.host()));
      if (addresses.size() >= MAX_ADDRESSES) {
        addresses.clear(); // ids that left (a DNS source's churn) must not pile up
      }
      addresses.put(endpoint.id(), known);
    }
    return known.address();
  }

  /** Connect timeouts, by type: Netty's, the JDK's, and Vert.x's pool wait (a TimeoutException). */
  private static boolean isTimeout(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof ConnectTimeoutException || t instanceof SocketTimeoutException
          || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    try {
      closeAsync().await(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // Connections still closing after 5 s are abandoned; the process is shutting down anyway.
    }
  }

  /** Closes without blocking, for use from an event loop. */
  public Future<Void> closeAsync() {
    List<Future<Void>> closed = new ArrayList<>();
    byLoop.values().forEach(client -> closed.add(client.close()));
    return Future.all(closed).mapEmpty();
  }
}
