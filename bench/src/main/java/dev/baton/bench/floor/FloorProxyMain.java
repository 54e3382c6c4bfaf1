package dev.baton.bench.floor;

import dev.baton.bench.transport.SocketTransport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import java.net.URI;

/**
 * Runs the {@link PassThroughProxy} for {@code scripts/bench-proxy}'s {@code vertx-floor} row:
 * {@code java -cp baton.jar dev.baton.bench.floor.FloorProxyMain PORT UPSTREAM_URL EVENT_LOOPS}.
 * It listens on 127.0.0.1 (PORT 0: a free port) on the socket transport Baton would use with the
 * same JVM options ({@link SocketTransport}: {@code -Dbaton.transport}, epoll by default), and
 * prints the port it listens on and the transport it got.
 */
public final class FloorProxyMain {
  private FloorProxyMain() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: FloorProxyMain PORT UPSTREAM_URL EVENT_LOOPS");
      System.exit(2);
    }
    URI upstream = URI.create(args[1]);
    if (!"http".equals(upstream.getScheme()) || upstream.getPort() < 0) {
      System.err.println("floor: UPSTREAM_URL must be http://host:port, not " + args[1]);
      System.exit(2);
    }
    Transport transport = SocketTransport.chosen("floor");
    Vertx vertx = Vertx.builder().with(new VertxOptions()).withTransport(transport).build();
    int port = PassThroughProxy.start(vertx, "127.0.0.1", Integer.parseInt(args[0]),
        upstream.getHost(), upstream.getPort(), Integer.parseInt(args[2])).await();
    System.out.println("floor: listening on port " + port + ", transport " + transport.name());
  }
}
