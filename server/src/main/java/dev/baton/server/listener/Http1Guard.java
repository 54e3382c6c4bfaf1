package dev.baton.server.listener;

import dev.baton.server.config.ClientTimeoutsConfig;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The guard on one HTTP/1.1 connection. It follows each exchange (waiting for a request, reading
 * its head, reading its body, answering) and closes the connection when the head or the body takes
 * longer than its timeout, or when nothing is asked for longer than the idle timeout. Requests with ambiguous framing are handed to Vert.x as invalid
 * ({@link Framing}), which answers 400 and closes. Runs on the connection's event loop.
 */
final class Http1Guard {
  private static final String VERTX_HANDLER = "handler";

  /**
   * Where the connection's current exchange is. DRAINING: answered before its body was read (401,
   * 413, 503...); the rest of the body gets the header timeout, so a rejected client cannot hold
   * the connection for the whole body timeout.
   */
  private enum Phase {
    AWAITING(false), HEAD(true), BODY(true), DRAINING(true), RESPONDING(false);

    /** Whether the phase has a deadline, so the time it began is needed. */
    private final boolean timed;

    Phase(boolean timed) {
      this.timed = timed;
    }
  }

  private final ConnectionDeadlines deadlines;
  private Phase phase = Phase.AWAITING;
  private long since = System.nanoTime();
  /**
   * When the read being handed on began, while a request's first bytes are handed on (else -1): a
   * head decoded within that read starts its body's deadline at the same time. A clock read is
   * not free (75 to 300 ns on a loaded VM's kvm-clock), and every request passes four phases.
   */
  private long readAt = -1;

  private Http1Guard(ChannelPipeline pipeline, ClientTimeoutsConfig timeouts) {
    this.deadlines = new ConnectionDeadlines(pipeline.channel(), timeouts, this::sweep);
  }

  /** Puts the guard on a connection; its first request may already be decoded and on its way. */
  static void install(ChannelPipeline pipeline, ClientTimeoutsConfig timeouts) {
    Http1Guard guard = new Http1Guard(pipeline, timeouts);
    pipeline.addFirst("batonFirstBytes", guard.new FirstBytes());
    pipeline.addBefore(VERTX_HANDLER, "batonExchanges", guard.new Exchanges());
    guard.deadlines.start();
  }

  private void enter(Phase next) {
    enter(next, next.timed ? System.nanoTime() : since);
  }

  /** Enters {@code next}, begun at {@code now}; only a timed phase's start is read later. */
  private void enter(Phase next, long now) {
    phase = next;
    since = now;
    deadlines.idle(next == Phase.AWAITING);
  }

  private void sweep(long now, ClientTimeoutsConfig timeouts) {
    long limit = switch (phase) {
      case HEAD, DRAINING -> timeouts.header().toNanos();
      case BODY -> timeouts.body().toNanos();
      case AWAITING, RESPONDING -> Long.MAX_VALUE;
    };
    if (now - since > limit) {
      deadlines.cut();
    }
  }

  /** Sees raw bytes: the first byte of a new request starts the header timeout. */
  private final class FirstBytes extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (phase != Phase.AWAITING) {
        ctx.fireChannelRead(msg);
        return;
      }
      enter(Phase.HEAD);
      readAt = since;
      try {
        ctx.fireChannelRead(msg);
      } finally {
        readAt = -1;
      }
    }
  }

  /** Sees decoded requests and the responses Vert.x writes. */
  private final class Exchanges extends ChannelDuplexHandler {
    private boolean closeAfterResponse;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request) {
        String problem = Framing.problem(request);
        if (problem != null) {
          request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(problem)));
        }
        // Decoded from the read that brought the request's first bytes (nearly always): its
        // time, read then, is the head's end to within the decoding's microseconds.
        enter(Phase.BODY, readAt >= 0 ? readAt : System.nanoTime());
      }
      if (msg instanceof LastHttpContent) {
        if (phase == Phase.BODY) {
          enter(Phase.RESPONDING);
        } else if (phase == Phase.DRAINING) {
          enter(Phase.AWAITING);
        }
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      boolean informational = msg instanceof HttpResponse r
          && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
      if (msg instanceof HttpResponse r && !informational) {
        closeAfterResponse = r.headers().contains(HttpHeaderNames.CONNECTION, "close", true);
      }
      if (msg instanceof LastHttpContent && !informational) {
        if (closeAfterResponse) {
          // The answer said close, so close: Vert.x would wait for an unread body first, and keeps
          // the connection when only the answer (not the request) says close.
          ctx.write(msg, promise).addListener(ChannelFutureListener.CLOSE);
          return;
        }
        enter(phase == Phase.BODY ? Phase.DRAINING : Phase.AWAITING);
      }
      ctx.write(msg, promise);
    }
  }
}
