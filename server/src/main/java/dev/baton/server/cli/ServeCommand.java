package dev.baton.server.cli;

import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigException;
import dev.baton.server.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baton serve --config FILE}: runs the router until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the OpenAI API in front of the workers a YAML config names.")
public final class ServeCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, required = true, description = "The Baton YAML config file.")
  Path config;

  @Option(names = "--port", description = "Override server.port from the config.")
  Integer port;

  @Override
  public Integer call() throws Exception {
    BatonConfig loaded;
    try {
      loaded = ConfigLoader.load(config);
    } catch (ConfigException e) {
      System.err.println("baton: " + e.getMessage());
      return 2;
    }
    if (port != null) {
      loaded = new BatonConfig(loaded.server().withPort(port), loaded.timeouts(), loaded.pools(),
          loaded.scheduling(), loaded.healthChecks(), loaded.metricsScrape());
    }
    Vertx vertx = Vertx.vertx();
    BatonServer server =
        BatonServer.start(vertx, loaded).toCompletionStage().toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    System.out.println("baton: serving on port " + server.port() + " (" + config + ")");
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // Stop listening and let Vert.x close its connections before the JVM goes.
      try {
        server.close().eventually(vertx::close).toCompletionStage().toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // Exiting anyway.
      }
      stop.countDown();
    }));
    stop.await();
    return 0;
  }
}
