package dev.baton.server.cli;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigException;
import dev.baton.server.reload.ConfigSource;
import dev.baton.server.sidecar.SidecarOptions;
import dev.baton.server.sidecar.SidecarServer;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code baton sidecar --decode http://127.0.0.1:8200 --dialect nixl}: beside a decode engine, runs
 * the prefill leg a picker named in {@code x-prefiller-host-port} (llm-d's contract; Baton's own
 * picker or llm-d's), then the local decode. Runs until SIGTERM or SIGINT.
 */
@Command(name = "sidecar", mixinStandardHelpOptions = true,
    description = "Run P/D at a decode pod: prefill where x-prefiller-host-port says, decode here.")
public final class SidecarCommand implements Callable<Integer> {

  @Option(names = "--decode", required = true,
      description = "The local decode engine, e.g. http://127.0.0.1:8200.")
  String decode;

  @Option(names = "--dialect", defaultValue = "nixl",
      description = "KV handoff dialect of the prefill leg: nixl or lmcache (default ${DEFAULT-VALUE}).")
  String dialect;

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "Listen address (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "" + SidecarOptions.DEFAULT_PORT,
      description = "Listen port, the pod's serving port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--allow-prefill", split = ",", paramLabel = "IP:PORT",
      description = "Prefill endpoints the sidecar may call (repeatable or comma-separated).")
  List<String> allowPrefill = List.of();

  @Option(names = "--pools", paramLabel = "FILE",
      description = "A Baton YAML config whose pools' endpoints (e.g. an inferencePool source) may"
          + " be called as prefill endpoints too.")
  Path pools;

  @Option(names = "--max-body-bytes", defaultValue = "4194304",
      description = "Largest request body (default ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Override
  public Integer call() throws Exception {
    BatonConfig poolConfig = null;
    if (pools != null) {
      try {
        poolConfig = new ConfigSource(pools, UnaryOperator.identity()).load();
      } catch (ConfigException e) {
        System.err.println("baton: " + e.getMessage());
        return 2;
      }
    }
    if (allowPrefill.isEmpty() && poolConfig == null) {
      System.err.println("baton: warning: neither --allow-prefill nor --pools: every request"
          + " naming a prefill endpoint is refused, and only the local engine serves");
    }
    Vertx vertx = Vertx.vertx();
    SidecarServer sidecar;
    try {
      sidecar = SidecarServer.start(vertx, new SidecarOptions(host, port, decode, dialect,
              Set.copyOf(allowPrefill), pools, maxBodyBytes), poolConfig)
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      System.err.println("baton: " + e.getCause().getMessage());
      vertx.close();
      return 2;
    }
    System.out.println("baton: sidecar on port " + sidecar.port() + " before " + decode
        + " (" + dialect + ")");
    CountDownLatch stop = new CountDownLatch(1);
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> stop.countDown());
    }
    stop.await();
    sidecar.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    return 0;
  }
}
