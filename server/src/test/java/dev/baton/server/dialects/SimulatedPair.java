package dev.baton.server.dialects;

import dev.baton.router.endpoint.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.admin.AdminConfig;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.DisaggregationConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.server.testing.Await;
import dev.baton.sim.Flavor;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * A simulated prefill and decode worker with Baton in front of them as one split pool of a dialect:
 * what the end-to-end dialect tests share. Closed after each test, Baton first.
 */
final class SimulatedPair implements AutoCloseable {
  static final String MODEL = SimConfig.DEFAULT_MODEL;
  // BOS + 200 words: 201 prompt tokens, 200 of them in full blocks the decode takes from the prefill.
  static final String PROMPT = "Once" + " upon".repeat(198) + " end";

  final Vertx vertx = Vertx.vertx();
  final SimWorker prefill;
  final SimWorker decode;
  private final String dialect;
  BatonServer baton;

  /** The two workers (speed 50) and Baton, the prefill's bootstrap port configured as its side channel. */
  SimulatedPair(String dialect, Flavor prefillFlavor, Flavor decodeFlavor) {
    this.dialect = dialect;
    SimConfig config = SimConfig.defaults().withSpeed(50);
    prefill = Await.get(SimWorker.start(vertx, config, null, prefillFlavor));
    decode = Await.get(SimWorker.start(vertx, config, null, decodeFlavor));
    baton = startBaton(prefill.kvPort());
  }

  /** Replaces Baton with one whose prefill endpoint has {@code bootstrapPort} (null: none). */
  void restartBaton(Integer bootstrapPort) {
    Await.get(baton.close());
    baton = startBaton(bootstrapPort);
  }

  private BatonServer startBaton(Integer bootstrapPort) {
    return Await.get(BatonServer.start(vertx, config(dialect, List.of(
        new EndpointConfig(prefill.baseUrl(), Role.PREFILL, null, null, null, null, bootstrapPort),
        new EndpointConfig(decode.baseUrl(), Role.DECODE, null, null)))));
  }

  /** Baton on loopback with one split pool {@code pd} of {@code dialect} over {@code endpoints}. */
  static BatonConfig config(String dialect, List<EndpointConfig> endpoints) {
    return new BatonConfig(new ServerConfig("127.0.0.1", 0, null, null), UpstreamTimeouts.DEFAULTS,
        List.of(new PoolConfig("pd", List.of(MODEL), dialect, new DisaggregationConfig(true, 0, 1, null),
            endpoints)),
        null, null, null, new AdminConfig("127.0.0.1", 0, null));
  }

  String url(String path) {
    return baton.baseUrl() + path;
  }

  @Override
  public void close() {
    Await.get(baton.close());
    Await.get(Future.join(prefill.close(), decode.close()));
    Await.get(vertx.close());
  }
}
