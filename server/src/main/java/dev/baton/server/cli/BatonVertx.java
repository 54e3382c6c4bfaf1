package dev.baton.server.cli;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The Vert.x instance of a Baton process. It prefers the operating system's native transport (epoll
 * on Linux, through Netty's native library, which the jar carries): fewer copies and system calls
 * per socket operation than Java NIO, which a proxy on the path of every token pays for many times
 * per request. Where the native library cannot load (another OS or CPU), Vert.x falls back to NIO;
 * {@code -Dbaton.nativeTransport=false} chooses NIO (to compare, or to rule the transport out).
 */
final class BatonVertx {
  private BatonVertx() {}

  static Vertx create() {
    boolean preferNative = Boolean.parseBoolean(System.getProperty("baton.nativeTransport", "true"));
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(preferNative));
    if (preferNative && !vertx.isNativeTransportEnabled()) {
      System.err.println("baton: native transport unavailable, using Java NIO ("
          + vertx.unavailableNativeTransportCause() + ")");
    }
    return vertx;
  }
}
