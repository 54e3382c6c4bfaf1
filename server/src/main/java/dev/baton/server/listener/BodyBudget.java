package dev.baton.server.listener;

import dev.baton.transfer.error.OpenAiError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission for request body bytes ({@code server.maxBufferedBodyBytes}): a request reserves the
 * bytes its body may take before any is read, and gives them back when its exchange ends, so
 * clients that send most of a large body and stall cannot together run Baton out of memory. A body
 * that does not fit gets 503 at once. The reservation is the declared {@code Content-Length}
 * (capped at {@code maxBodyBytes}, past which the request gets 413 anyway), or {@code maxBodyBytes}
 * for a body of unknown length. Shared by the routers of every event loop.
 */
public final class BodyBudget implements Handler<RoutingContext> {
  private final long capacity;
  private final long maxBodyBytes;
  private final AtomicLong reserved = new AtomicLong();

  public BodyBudget(long capacity, long maxBodyBytes) {
    this.capacity = capacity;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (reserve(ctx)) {
      ctx.next();
    }
  }

  /**
   * This budget, then {@code next} within the same step of the router's walk (each step costs
   * every request).
   */
  public Handler<RoutingContext> then(Handler<RoutingContext> next) {
    return ctx -> {
      if (reserve(ctx)) {
        next.handle(ctx);
      }
    };
  }

  /** Reserves the request's body bytes until its exchange ends; false once it got its 503. */
  private boolean reserve(RoutingContext ctx) {
    long want = reservation(ctx.request());
    if (want == 0) {
      return true;
    }
    if (reserved.addAndGet(want) > capacity) {
      reserved.addAndGet(-want);
      if (ctx.request().version() != HttpVersion.HTTP_2) {
        // The body was not read: closing is cheaper than draining it.
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      }
      new OpenAiError(503, "Baton is holding as many request bodies as it may; retry shortly",
          "service_unavailable", null, "server_busy")
          .send(ctx.response().putHeader("retry-after", "1"));
      return false;
    }
    ctx.addEndHandler(ended -> reserved.addAndGet(-want));
    return true;
  }

  /** Body bytes reserved now by requests in progress. */
  public long reserved() {
    return reserved.get();
  }

  private long reservation(HttpServerRequest request) {
    if (request.isEnded()) {
      return 0;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        return Math.min(Math.max(0, Long.parseLong(length.strip())), maxBodyBytes);
      } catch (NumberFormatException e) {
        return maxBodyBytes;
      }
    }
    boolean chunked = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    // HTTP/1.1 without a length or chunked coding has no body (RFC 9112 6.3).
    return request.version() == HttpVersion.HTTP_2 || chunked ? maxBodyBytes : 0;
  }
}
