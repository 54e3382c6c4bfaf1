package dev.baton.server.cli;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigException;
import dev.baton.server.epp.EppOptions;
import dev.baton.server.epp.EppServer;
import dev.baton.server.epp.StreamSettings;
import dev.baton.server.reload.ConfigSource;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode.BodySendMode;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code baton epp --config FILE}: Baton as the Endpoint Picker of the Gateway API Inference
 * Extension. Serves Envoy's ext_proc on the gRPC port and picks endpoints of the config's pools;
 * the gateway carries the requests. Runs until SIGTERM or SIGINT.
 */
@Command(name = "epp", mixinStandardHelpOptions = true,
    description = "Pick endpoints for a gateway (Envoy ext_proc, Gateway API Inference Extension).")
public final class EppCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, required = true, description = "The Baton YAML config file.")
  Path config;

  @Option(names = "--grpc-host", defaultValue = "0.0.0.0",
      description = "Address of the gRPC port (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--grpc-port", defaultValue = "" + EppOptions.DEFAULT_PORT,
      description = "The ext_proc and gRPC health port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--fallbacks", defaultValue = "2",
      description = "Endpoints named after the picked one, for the gateway's retries"
          + " (default ${DEFAULT-VALUE}).")
  int fallbacks;

  @Option(names = "--request-body-mode", defaultValue = "FULL_DUPLEX_STREAMED",
      description = "Request body mode assumed when Envoy does not announce it (Envoy < 1.35):"
          + " FULL_DUPLEX_STREAMED, BUFFERED or STREAMED (default ${DEFAULT-VALUE}).")
  BodySendMode requestMode;

  @Option(names = "--response-body-mode", defaultValue = "FULL_DUPLEX_STREAMED",
      description = "Response body mode assumed likewise (default ${DEFAULT-VALUE}).")
  BodySendMode responseMode;

  @Option(names = "--early-body", negatable = false,
      description = "STREAMED: Envoy sends the body without waiting for the headers' answer"
          + " (send_body_without_waiting_for_header_response), when it does not announce it.")
  boolean earlyBody;

  @Override
  public Integer call() throws Exception {
    BatonConfig loaded;
    try {
      loaded = new ConfigSource(config, UnaryOperator.identity()).load();
    } catch (ConfigException e) {
      System.err.println("baton: " + e.getMessage());
      return 2;
    }
    EppOptions options = new EppOptions(host, port, fallbacks, new StreamSettings(
        requestMode, responseMode, earlyBody, loaded.server().maxBodyBytes()));
    Vertx vertx = Vertx.vertx();
    EppServer epp = EppServer.start(vertx, loaded, options).toCompletionStage()
        .toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.out.println("baton: endpoint picker on gRPC port " + epp.port() + ", admin on port "
        + epp.adminPort() + " (" + config + ")");
    CountDownLatch stop = new CountDownLatch(1);
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> stop.countDown());
    }
    stop.await();
    try {
      epp.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("baton: shutdown did not complete cleanly: " + e);
    }
    return 0;
  }
}
