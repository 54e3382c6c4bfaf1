package dev.baton.bench.balancer;

import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the {@link RoundRobinBalancer} for {@code scripts/rolling-restart}:
 * {@code java -cp baton.jar dev.baton.bench.balancer.BalancerMain PORT BACKENDS_FILE}. The file
 * lists one {@code host:port} per line and is read again every 100 ms, so the script adds and
 * removes replicas the way Endpoints change behind a Service. Prints the port it listens on, and
 * on exit the connections each backend received and the connections refused.
 */
public final class BalancerMain {
  private static final long CHECK_MILLIS = 100;

  private BalancerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: BalancerMain PORT BACKENDS_FILE");
      System.exit(2);
    }
    Path file = Path.of(args[1]);
    Vertx vertx = Vertx.vertx();
    RoundRobinBalancer balancer = RoundRobinBalancer.start(vertx, "127.0.0.1",
        Integer.parseInt(args[0]), CHECK_MILLIS).await();
    vertx.setPeriodic(CHECK_MILLIS, id -> vertx.executeBlocking(() -> read(file), false)
        .onSuccess(balancer::retain));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(
        "balancer: connections " + balancer.connections() + ", refused " + balancer.refused())));
    System.out.println("balancer: listening on port " + balancer.port());
  }

  private static List<SocketAddress> read(Path file) throws IOException {
    return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty())
        .map(l -> SocketAddress.inetSocketAddress(
            Integer.parseInt(l.substring(l.lastIndexOf(':') + 1)),
            l.substring(0, l.lastIndexOf(':'))))
        .toList();
  }
}
