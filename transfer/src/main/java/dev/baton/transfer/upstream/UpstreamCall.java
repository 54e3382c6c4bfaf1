package dev.baton.transfer.upstream;

import dev.baton.transfer.error.UpstreamFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request in flight to a worker. It can be aborted at any time, before or after the response
 * starts; an abort resets the request, which for HTTP/1.1 closes the connection so the worker sees
 * the client leave and frees what it holds for the request.
 */
public final class UpstreamCall {
  private final Promise<HttpClientResponse> response = Promise.promise();
  private final AtomicBoolean aborted = new AtomicBoolean();
  private volatile HttpClientRequest request;
  private volatile boolean sent;

  private UpstreamCall() {}

  /** A call not sent yet: decorators arrange its abort before {@link WorkerClient#send} starts it. */
  public static UpstreamCall pending() {
    return new UpstreamCall();
  }

  /** Completes with the response once its headers arrive; fails with an {@link UpstreamFailure}. */
  public Future<HttpClientResponse> response() {
    return response.future();
  }

  /**
   * True once the request was handed to a connection: from then on the worker may have received it.
   * A call aborted before that (e.g. waiting for a pooled connection) never reached the worker.
   */
  public boolean sent() {
    return sent;
  }

  /** True once {@link #abort} was called. */
  public boolean aborted() {
    return aborted.get();
  }

  /** Aborts the call; idempotent. A pending response fails with {@code CANCELLED}. */
  public void abort() {
    abort(new UpstreamFailure(UpstreamFailure.Kind.CANCELLED, "client left"));
  }

  /** Aborts the call with the given failure as the reason (e.g. a timeout). */
  public void abort(UpstreamFailure reason) {
    if (aborted.compareAndSet(false, true)) {
      response.tryFail(reason);
      HttpClientRequest r = request;
      if (r != null) {
        r.reset(0, reason);
      }
    }
  }

  void attach(HttpClientRequest r) {
    this.request = r;
    if (aborted.get()) {
      r.reset();
    }
  }

  void markSent() {
    sent = true;
  }

  void complete(HttpClientResponse r) {
    if (!response.tryComplete(r)) {
      // Aborted while the headers were in flight: make sure the connection does not linger.
      request.reset();
    }
  }

  void fail(UpstreamFailure failure) {
    response.tryFail(failure);
  }
}
