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
import io.vertx.core.net.SocketAddress;
import io.netty.channel.ConnectTimeoutException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends requests to workers. One Vert.x {@code HttpClient} keeps a separate connection pool per
 * worker address; the address always comes from a configured {@link Endpoint}, never from a request.
 */
public final class WorkerClient implements AutoCloseable {
  private final Vertx vertx;
  private final HttpClientAgent client;
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
    this.client =
        vertx
            .httpClientBuilder()
            .with(
                new HttpClientOptions()
                    .setKeepAlive(true)
                    .setConnectTimeout((int) timeouts.connect().toMillis()))
            .with(new PoolOptions().setHttp1MaxSize(maxConnectionsPerWorker).setMaxWaitQueueSize(-1))
            .build();
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
    client.request(options).onComplete(connected -> {
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
      client.close().await(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // Connections still closing after 5 s are abandoned; the process is shutting down anyway.
    }
  }

  /** Closes without blocking, for use from an event loop. */
  public Future<Void> closeAsync() {
    return client.close();
  }
}
