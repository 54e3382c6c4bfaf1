package dev.baton.server.cli;

import dev.baton.bench.transport.SocketTransport;
import dev.baton.router.endpoint.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimFleet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code baton demo}: Baton in front of simulated workers started in the same process, serving
 * disaggregated (prefill on some workers, decode on others) with {@code config/demo.yaml}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run Baton in front of an embedded simulated fleet (2 prefill + 2 decode workers).")
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--host", defaultValue = LOOPBACK,
      description = "Address Baton and its admin server listen on (default: ${DEFAULT-VALUE}, this "
          + "machine only; 0.0.0.0 opens both, the admin API without a token, to the network).")
  String host;

  @Option(names = "--port", defaultValue = "8000", description = "Baton's port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--worker-port", defaultValue = "8100",
      description = "Port of the first simulated worker; the others follow (default: ${DEFAULT-VALUE}).")
  int workerPort;

  @Option(names = "--admin-port", defaultValue = "9000",
      description = "Port of the admin server: /metrics, /admin/*, /dashboard (default: ${DEFAULT-VALUE}).")
  int adminPort;

  @Option(names = "--speed", defaultValue = "1.0",
      description = "Simulated GPU speed; 1.0 feels like an H100 in real time (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--config",
      description = "A demo config to use instead of the built-in config/demo.yaml; its pool's "
          + "prefill and decode endpoints are pointed at the embedded workers.")
  Path config;

  /** A running demo: the simulated fleet and Baton in front of it. */
  public record Demo(SimFleet fleet, BatonServer baton) {
    public Future<Void> close() {
      return baton.close().eventually(fleet::close);
    }
  }

  /** Where the demo listens unless told otherwise: it has no keys and no admin token. */
  public static final String LOOPBACK = "127.0.0.1";

  /** Starts the demo on loopback with its admin server on a free port. */
  public static Future<Demo> start(Vertx vertx, BatonConfig base, int port, int workerPort,
      double speed) {
    return start(vertx, base, LOOPBACK, port, workerPort, 0, speed);
  }

  /**
   * Starts the fleet (one simulated worker per endpoint of the config's first pool, on
   * {@code workerPort} and up, or free ports with 0) and Baton on {@code port} in front of it, with
   * its admin server on {@code adminPort}, both listening on {@code host}.
   */
  public static Future<Demo> start(Vertx vertx, BatonConfig base, String host, int port,
      int workerPort, int adminPort, double speed) {
    PoolConfig pool = base.pools().get(0);
    SimConfig sim = SimConfig.defaults().withHost("127.0.0.1").withPort(workerPort)
        .withModel(pool.models().get(0)).withSpeed(speed);
    return SimFleet.start(vertx, pool.endpoints().size(), sim)
        .compose(fleet -> BatonServer.start(vertx, rewrite(base, pool, fleet, host, port, adminPort))
            .map(baton -> new Demo(fleet, baton))
            .recover(err -> fleet.close().transform(x -> Future.failedFuture(err))));
  }

  @Override
  public Integer call() throws Exception {
    BatonConfig base = config != null ? ConfigLoader.load(config) : builtIn();
    PoolConfig pool = base.pools().get(0);
    long prefills = pool.endpoints().stream().filter(e -> e.role() == Role.PREFILL).count();
    int workers = pool.endpoints().size();
    Vertx vertx = SocketTransport.vertx("baton");
    Demo demo;
    try {
      demo = await(start(vertx, base, host, port, workerPort, adminPort, speed));
    } catch (Exception e) {
      System.err.println("baton demo: cannot start: " + e.getMessage()
          + " (are ports " + port + ", " + adminPort + " and " + workerPort + ".." + (workerPort + workers - 1) + " free?"
          + " --port, --admin-port and --worker-port change them)");
      vertx.close();
      return 1;
    }
    int first = demo.fleet().worker(0).port();
    System.out.printf("baton demo: %d simulated workers on ports %d-%d (%d prefill, %d decode), speed %.1f%n",
        workers, first, demo.fleet().worker(workers - 1).port(), prefills, workers - prefills, speed);
    // A wildcard address is reachable here as loopback; a specific one only as itself.
    String shown = host.equals("0.0.0.0") || host.equals("::") ? LOOPBACK : host;
    System.out.printf("baton demo: Baton serves %s on http://%s:%d (%s, disaggregation %s)%n",
        pool.models().get(0), shown, demo.baton().port(), pool.dialect(),
        pool.disaggregation().enabled() ? "on" : "off");
    System.out.printf("baton demo: dashboard http://%s:%d/dashboard, metrics http://%s:%d/metrics%n",
        shown, demo.baton().adminPort(), shown, demo.baton().adminPort());
    System.out.println();
    System.out.println("Try a streaming chat completion:");
    System.out.println();
    System.out.printf("curl -N http://%s:%d/v1/chat/completions -H 'Content-Type: application/json' "
        + "-d '{\"model\":\"%s\",\"stream\":true,\"max_tokens\":64,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Why pass a baton between prefill and decode?\"}]}'%n",
        shown, demo.baton().port(), pool.models().get(0));
    System.out.println();
    CountDownLatch stop = new CountDownLatch(1);
    Demo running = demo;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        // Two separate waits: a callback chained on the servers' close would be due on an event
        // loop that vertx.close() is stopping, and would never run.
        running.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // Exiting anyway.
      }
      stop.countDown();
    }));
    stop.await();
    return 0;
  }

  /**
   * The config with Baton's and the admin server's ports, and every endpoint of the first pool on
   * the embedded workers.
   */
  private static BatonConfig rewrite(BatonConfig base, PoolConfig pool, SimFleet fleet, String host,
      int port, int adminPort) {
    List<EndpointConfig> endpoints = new ArrayList<>();
    for (int i = 0; i < pool.endpoints().size(); i++) {
      EndpointConfig e = pool.endpoints().get(i);
      endpoints.add(new EndpointConfig(fleet.worker(i).baseUrl(), e.role(), null, e.labels()));
    }
    return base.toBuilder()
        .server(base.server().withHost(host).withPort(port))
        .admin(base.admin().withHost(host).withPort(adminPort))
        .pools(List.of(pool.withEndpoints(endpoints)))
        .build();
  }

  /** The demo configuration shipped in the jar (config/demo.yaml). */
  public static BatonConfig builtIn() throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream("demo.yaml")) {
      if (in == null) {
        throw new IOException("demo.yaml is missing from the jar");
      }
      return ConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo.yaml");
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
