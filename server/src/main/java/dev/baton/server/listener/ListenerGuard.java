package dev.baton.server.listener;

import dev.baton.server.config.ServerConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client limits of one listener (the front door, or the admin server), shared by the servers of
 * all its event loops: it counts connections and HTTP/2 streams and puts a guard on every
 * connection.
 *
 * <p>Vert.x hands a connection over only once it spoke (HTTP/1.1: a first request head; HTTP/2: the
 * client's SETTINGS). Until then Vert.x's own writer-idle timer is the header timeout: Baton writes
 * nothing to a connection before its first request, so a client that has not completed one within
 * {@code clientTimeouts.header} is closed. The guard then replaces that timer.
 */
public final class ListenerGuard implements Handler<HttpConnection> {
  private static final System.Logger LOG = System.getLogger(ListenerGuard.class.getName());
  private static final String VERTX_IDLE_HANDLER = "idle";

  private final ServerConfig config;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger streams = new AtomicInteger();
  private final ResetsByAddress resets;
  private final BodyBudget bodies;

  private ListenerGuard(ServerConfig config) {
    this.config = config;
    this.bodies = new BodyBudget(config.maxBufferedBodyBytes(), config.maxBodyBytes());
    this.resets = new ResetsByAddress(config.http2().maxResetsPerAddress(),
        config.http2().resetWindow());
  }

  public static ListenerGuard create(ServerConfig config) {
    return new ListenerGuard(config);
  }

  /** Sets the options this guard relies on: the pre-request timer and HTTP/2 SETTINGS. */
  public HttpServerOptions configure(HttpServerOptions options) {
    options.setIdleTimeout(0).setReadIdleTimeout(0)
        .setWriteIdleTimeout((int) config.clientTimeouts().header().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    options.getInitialSettings().setMaxConcurrentStreams(config.http2().maxConcurrentStreams());
    return options;
  }

  @Override
  public void handle(HttpConnection connection) {
    Channel channel = ((ConnectionBase) connection).channel();
    InetAddress address = address(channel);
    if (address != null && resets.blocked(address)) {
      channel.close();
      return;
    }
    if (connections.incrementAndGet() > config.connections()) {
      connections.decrementAndGet();
      LOG.log(System.Logger.Level.DEBUG, "connection limit reached, closing {0}",
          channel.remoteAddress());
      channel.close();
      return;
    }
    channel.closeFuture().addListener(f -> connections.decrementAndGet());
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get(VERTX_IDLE_HANDLER) != null) {
      pipeline.remove(VERTX_IDLE_HANDLER);
    }
    Http2ConnectionHandler http2 = pipeline.get(Http2ConnectionHandler.class);
    if (http2 != null) {
      Http2StreamGuard.install(pipeline.context(http2), http2, config, streams,
          address == null ? null : () -> resets.record(address));
    } else {
      Http1Guard.install(pipeline, config.clientTimeouts());
    }
  }

  /** Admission for request body bytes, a route handler to put before the body is read. */
  public BodyBudget bodies() {
    return bodies;
  }

  /** Client connections open now (the ones that spoke). */
  public int connections() {
    return connections.get();
  }

  /** HTTP/2 streams open now over all connections. */
  public int streams() {
    return streams.get();
  }

  private static InetAddress address(Channel channel) {
    return channel.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
