package dev.baton.server.http;

import dev.baton.transfer.error.OpenAiError;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Reads a {@code multipart/form-data} body as its raw bytes, up to {@code server.maxBodyBytes}, for
 * the routes that forward uploads ({@code /v1/audio/*}). Vert.x's body handler decodes such a body
 * into form attributes and files instead of keeping it, while Baton must forward it byte for byte;
 * any other body goes on to the ordinary body handler.
 */
final class MultipartBodyReader implements Handler<RoutingContext> {
  private final long maxBodyBytes;

  MultipartBodyReader(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    read(ctx, RoutingContext::next);
  }

  /**
   * This reader for a multipart body, {@code other} for any other within the same step of the
   * router's walk (each step costs every request).
   */
  Handler<RoutingContext> orElse(Handler<RoutingContext> other) {
    return ctx -> read(ctx, other);
  }

  private void read(RoutingContext ctx, Handler<RoutingContext> other) {
    if (MultipartForm.boundary(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)).isEmpty()
        || ctx.request().isEnded()) {
      other.handle(ctx);
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] refused = {false};
    ctx.request().handler(chunk -> {
      if (refused[0]) {
        return;
      }
      if (body.length() + (long) chunk.length() > maxBodyBytes) {
        refused[0] = true;
        if (ctx.request().version() != HttpVersion.HTTP_2) {
          ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        OpenAiError.payloadTooLarge(maxBodyBytes).send(ctx.response());
        return;
      }
      body.appendBuffer(chunk);
    });
    ctx.request().endHandler(end -> {
      if (!refused[0]) {
        // What the ordinary body handler would have done: later handlers read ctx.body().
        RoutingContextInternal internal = (RoutingContextInternal) ctx;
        internal.visitHandler(RoutingContextInternal.BODY_HANDLER);
        internal.setBody(body);
        ctx.next();
      }
    });
    ctx.request().resume();
  }
}
