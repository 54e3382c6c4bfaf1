package dev.baton.server.listener;

import dev.baton.server.config.ClientTimeoutsConfig;
import dev.baton.server.config.ServerConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The guard on one HTTP/2 connection, between Netty's decoder and Vert.x:
 * <ul>
 *   <li>the per-connection stream limit holds from the first frame: Netty applies Baton's
 *       SETTINGS_MAX_CONCURRENT_STREAMS only once the client acknowledged them, and a client that
 *       never does could otherwise open streams without bound;</li>
 *   <li>streams over the listener-wide limit are refused;</li>
 *   <li>a stream answered before its request ended (401, 413, 503...) is reset at once, so a
 *       rejected client holds nothing;</li>
 *   <li>a request not complete within {@code clientTimeouts.body} is reset, and so is a response
 *       that made no progress for {@code clientTimeouts.writeStall} (the client grants no window),
 *       which ends the exchange and releases its admission slot;</li>
 *   <li>resets the client sends count against its address ({@link ResetsByAddress}).</li>
 * </ul>
 * Every callback runs on the connection's event loop.
 */
final class Http2StreamGuard extends Http2FrameListenerDecorator {
  private final ChannelHandlerContext ctx;
  private final Http2ConnectionHandler handler;
  private final Http2Connection connection;
  private final int maxStreams;
  private final AtomicInteger listenerStreams;
  private final BooleanSupplier resetPastLimit;
  private final Http2Connection.PropertyKey state;
  private final ConnectionDeadlines deadlines;

  private Http2StreamGuard(ChannelHandlerContext ctx, Http2ConnectionHandler handler,
      Http2FrameListener next, ServerConfig config, AtomicInteger listenerStreams,
      BooleanSupplier resetPastLimit) {
    super(next);
    this.ctx = ctx;
    this.handler = handler;
    this.connection = handler.connection();
    this.maxStreams = config.http2().maxStreams();
    this.listenerStreams = listenerStreams;
    this.resetPastLimit = resetPastLimit;
    this.state = connection.newKey();
    this.deadlines = new ConnectionDeadlines(ctx.channel(), config.clientTimeouts(), this::sweep);
  }

  /**
   * Puts the guard on a connection whose client SETTINGS were just read; no stream exists yet.
   *
   * @param resetPastLimit counts one reset of the client's address; true once it is past its limit
   */
  static void install(ChannelHandlerContext ctx, Http2ConnectionHandler handler, ServerConfig config,
      AtomicInteger listenerStreams, BooleanSupplier resetPastLimit) {
    handler.connection().remote().maxActiveStreams(config.http2().maxConcurrentStreams());
    Http2StreamGuard guard = new Http2StreamGuard(ctx, handler, handler.decoder().frameListener(),
        config, listenerStreams, resetPastLimit);
    handler.decoder().frameListener(guard);
    handler.connection().addListener(guard.new Streams());
    guard.deadlines.start();
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers,
      int padding, boolean endOfStream) throws Http2Exception {
    refuseIfOverLimit(streamId);
    super.onHeadersRead(ctx, streamId, headers, padding, endOfStream);
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers,
      int streamDependency, short weight, boolean exclusive, int padding, boolean endOfStream)
      throws Http2Exception {
    refuseIfOverLimit(streamId);
    super.onHeadersRead(ctx, streamId, headers, streamDependency, weight, exclusive, padding,
        endOfStream);
  }

  @Override
  public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode)
      throws Http2Exception {
    if (resetPastLimit != null && resetPastLimit.getAsBoolean()) {
      throw Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM,
          "too many stream resets from this address");
    }
    super.onRstStreamRead(ctx, streamId, errorCode);
  }

  /** Refused before Vert.x sees the stream: nothing is allocated for it above Netty. */
  private void refuseIfOverLimit(int streamId) throws Http2Exception {
    Http2Stream stream = connection.stream(streamId);
    StreamState s = stream == null ? null : stream.getProperty(state);
    if (s != null && s.refused) {
      throw Http2Exception.streamError(streamId, Http2Error.REFUSED_STREAM,
          "too many open streams on this listener");
    }
  }

  /** Resets streams past their deadlines; runs every tick of the connection's deadlines. */
  private void sweep(long now, ClientTimeoutsConfig timeouts) {
    List<Http2Stream> late = new ArrayList<>();
    try {
      connection.forEachActiveStream(stream -> {
        StreamState s = stream.getProperty(state);
        if (s != null && s.due(stream, now, timeouts, handler.encoder().flowController())) {
          late.add(stream);
        }
        return true;
      });
    } catch (Http2Exception e) {
      throw new IllegalStateException(e);
    }
    late.forEach(stream -> reset(stream, Http2Error.CANCEL));
    deadlines.idle(connection.numActiveStreams() == 0);
  }

  private void reset(Http2Stream stream, Http2Error error) {
    if (stream.state() != Http2Stream.State.CLOSED) {
      handler.resetStream(ctx, stream.id(), error.code(), ctx.newPromise());
      ctx.flush();
    }
  }

  /** Counts streams and resets the ones answered before their request ended. */
  private final class Streams extends Http2ConnectionAdapter {
    @Override
    public void onStreamActive(Http2Stream stream) {
      StreamState s = new StreamState(System.nanoTime());
      stream.setProperty(state, s);
      s.refused = listenerStreams.incrementAndGet() > maxStreams;
      deadlines.idle(false);
    }

    @Override
    public void onStreamHalfClosed(Http2Stream stream) {
      if (stream.state() == Http2Stream.State.HALF_CLOSED_LOCAL) {
        // Answered while the client still sends: RFC 9113 8.1 lets the server stop the upload with
        // NO_ERROR. Deferred: this runs inside the write of the response's last frame.
        ctx.executor().execute(() -> reset(stream, Http2Error.NO_ERROR));
      }
    }

    @Override
    public void onStreamClosed(Http2Stream stream) {
      if (stream.removeProperty(state) != null) {
        listenerStreams.decrementAndGet();
      }
    }
  }
}
