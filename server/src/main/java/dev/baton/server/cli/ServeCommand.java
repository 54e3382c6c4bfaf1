package dev.baton.server.cli;

import dev.baton.bench.transport.SocketTransport;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigException;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.config.ShutdownConfig;
import dev.baton.server.reload.ConfigSource;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code baton serve --config FILE}: runs the router until SIGTERM or SIGINT, reloading the file
 * whenever it changes (unless {@code --no-watch}) and on {@code POST /admin/reload}. A signal starts
 * the graceful shutdown of the {@code shutdown} section; the process then exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the OpenAI API in front of the workers a YAML config names.")
public final class ServeCommand implements Callable<Integer> {

  /** How often the watcher looks at the file: a second is quick for people and cheap for disks. */
  private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

  @Option(names = {"-c", "--config"}, required = true, description = "The Baton YAML config file.")
  Path config;

  @Option(names = "--port", description = "Override server.port from the config.")
  Integer port;

  @Option(names = "--epp-config", description = "An llm-d EndpointPickerConfig file to schedule"
      + " with instead of the config's scheduling section (read again on every reload).")
  Path eppConfig;

  @Option(names = "--no-watch", negatable = false,
      description = "Do not reload when the config file changes (POST /admin/reload still works).")
  boolean noWatch;

  @Override
  public Integer call() throws Exception {
    UnaryOperator<BatonConfig> portOverride =
        port == null ? UnaryOperator.identity()
            : c -> c.toBuilder().server(c.server().withPort(port)).build();
    UnaryOperator<BatonConfig> overrides = eppConfig == null ? portOverride
        : c -> portOverride.apply(
            c.toBuilder().scheduling(ConfigLoader.loadLlmd(eppConfig)).build());
    ConfigSource source = new ConfigSource(config, overrides);
    BatonConfig loaded;
    try {
      loaded = source.load();
    } catch (ConfigException e) {
      System.err.println("baton: " + e.getMessage());
      return 2;
    }
    Vertx vertx = SocketTransport.vertx("baton");
    BatonServer server =
        BatonServer.start(vertx, loaded, source).toCompletionStage().toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    if (!noWatch) {
      server.watch(WATCH_INTERVAL).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    System.out.println("baton: serving on port " + server.port() + ", admin on port "
        + server.adminPort() + " (" + config + (noWatch ? "" : ", watched") + ")");
    CountDownLatch stop = new CountDownLatch(1);
    // SIGTERM (Kubernetes, docker stop) and Ctrl-C start the graceful shutdown. Handled as signals
    // rather than in a shutdown hook, so the process can drain for as long as configured and then
    // exit 0: a hook only runs while the JVM is already exiting with 143.
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> stop.countDown());
    }
    stop.await();
    ShutdownConfig settings = server.runtime().get().config().shutdown();
    System.out.println("baton: draining (shutdown.drainDelay " + settings.drainDelay()
        + ", shutdown.timeout " + settings.timeout() + ")");
    Duration most = settings.drainDelay().plus(settings.timeout()).plusSeconds(10);
    try {
      // Two separate waits: a callback chained on the server's shutdown would be due on an event
      // loop that vertx.close() is stopping, and would never run.
      server.shutdown().toCompletionStage().toCompletableFuture()
          .get(most.toMillis(), TimeUnit.MILLISECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("baton: shutdown did not complete cleanly: " + e);
    }
    return 0;
  }
}
