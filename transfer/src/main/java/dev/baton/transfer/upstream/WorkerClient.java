package dev.baton.transfer.upstream;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.error.UpstreamFailure.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/**
 * Sends requests to workers. One Vert.x {@code HttpClient} keeps a separate connection pool per
 * worker address; the address always comes from a configured {@link Endpoint}, never from a request.
 */
public final class WorkerClient implements AutoCloseable {
  private final Vertx vertx;
  private final HttpClientAgent client;
  private final UpstreamTimeouts timeouts;

  /**
   * @param maxConnectionsPerWorker HTTP/1.1 connections kept per worker; a streaming request holds
   *     one for its whole life, so this bounds the concurrent requests Baton sends to one worker
   */
  public WorkerClient(Vertx vertx, UpstreamTimeouts timeouts, int maxConnectionsPerWorker) {
    this.vertx = vertx;
    this.timeouts = timeouts;
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
    this(vertx, timeouts, 512);
  }

  public UpstreamTimeouts timeouts() {
    return timeouts;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Starts a call. The first-byte timer runs from now until the response headers arrive; a call that
   * exceeds it is aborted with {@link Kind#TIMEOUT}.
   */
  public UpstreamCall start(Endpoint endpoint, UpstreamRequest request) {
    UpstreamCall call = new UpstreamCall();
    long timer =
        vertx.setTimer(
            Math.max(1, timeouts.firstByte().toMillis()),
            id ->
                call.abort(
                    new UpstreamFailure(
                        Kind.TIMEOUT,
                        "worker " + endpoint.id() + " did not answer within " + timeouts.firstByte())));
    call.response().onComplete(ar -> vertx.cancelTimer(timer));
    RequestOptions options =
        new RequestOptions()
            .setMethod(request.method())
            .setHost(endpoint.host())
            .setPort(endpoint.port())
            .setSsl("https".equals(endpoint.scheme()))
            .setURI(request.path())
            .setConnectTimeout(timeouts.connect().toMillis())
            .setHeaders(request.headers());
    client
        .request(options)
        .onFailure(
            err ->
                call.fail(
                    isTimeout(err)
                        ? new UpstreamFailure(
                            Kind.TIMEOUT, "connect to worker " + endpoint.id() + " timed out", err)
                        : new UpstreamFailure(
                            Kind.UNREACHABLE, "worker " + endpoint.id() + " unreachable: " + err, err)))
        .onSuccess(
            req -> {
              call.attach(req);
              if (call.aborted()) {
                return;
              }
              call.markSent();
              req.send(request.body())
                  .onSuccess(call::complete)
                  .onFailure(
                      err ->
                          call.fail(
                              new UpstreamFailure(
                                  Kind.UNREACHABLE,
                                  "worker " + endpoint.id() + " failed before answering: " + err,
                                  err)));
            });
    return call;
  }

  private static boolean isTimeout(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      String name = t.getClass().getSimpleName();
      if (name.contains("Timeout")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    try {
      client.close().await(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // Connections still closing after 5 s are abandoned; the process is shutting down anyway.
    }
  }

  /** Closes without blocking, for use from an event loop. */
  public Future<Void> closeAsync() {
    return client.close();
  }
}
