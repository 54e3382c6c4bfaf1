package dev.baton.server.resilience;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Await;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Baton in front of simulated workers, configured from YAML like an operator would: one pool (all
 * workers {@code both}, or prefill workers then decode workers), round-robin picks so tests know
 * where requests go, and any further sections a test adds ({@code resilience:}, {@code auth:}...).
 */
public final class BatonWithSims implements AutoCloseable {
  public static final String MODEL = SimConfig.DEFAULT_MODEL;

  public final Vertx vertx;
  public final List<SimWorker> workers;
  public final BatonServer baton;

  private BatonWithSims(Vertx vertx, List<SimWorker> workers, BatonServer baton) {
    this.vertx = vertx;
    this.workers = workers;
    this.baton = baton;
  }

  /** {@code count} aggregated workers. */
  public static BatonWithSims aggregated(int count, String extraYaml) {
    return start(0, count, extraYaml);
  }

  /** {@code prefill} prefill workers then {@code decode} decode workers, NIXL, always split. */
  public static BatonWithSims split(int prefill, int decode, String extraYaml) {
    return start(prefill, decode, extraYaml);
  }

  private static BatonWithSims start(int prefill, int rest, String extraYaml) {
    Vertx vertx = Vertx.vertx();
    List<SimWorker> workers = new ArrayList<>();
    StringBuilder yaml = new StringBuilder("""
        server: {host: 127.0.0.1, port: 0, maxBodyBytes: 262144}
        admin: {host: 127.0.0.1, port: 0}
        scheduling:
          plugins:
            - {type: round-robin}
          schedulingProfiles:
            - name: decode
              plugins: [{pluginRef: round-robin}]
            - name: prefill
              plugins: [{pluginRef: round-robin}]
        pools:
          - name: pool
            models: ["%s"]
        """.formatted(MODEL));
    if (prefill > 0) {
      yaml.append("""
              dialect: nixl
              disaggregation: {enabled: true, uncachedTokenThreshold: 0, prefillRetries: 1}
          """);
    }
    yaml.append("    endpoints:\n");
    for (int i = 0; i < prefill + rest; i++) {
      SimWorker w = Await.get(SimWorker.start(vertx, SimConfig.defaults().withSpeed(50)));
      workers.add(w);
      String role = prefill == 0 ? "both" : i < prefill ? "prefill" : "decode";
      yaml.append("      - {url: \"").append(w.baseUrl()).append("\", role: ").append(role)
          .append("}\n");
    }
    yaml.append(extraYaml);
    BatonConfig config = ConfigLoader.parse(yaml.toString(), "test.yaml");
    BatonServer baton = Await.get(BatonServer.start(vertx, config));
    return new BatonWithSims(vertx, workers, baton);
  }

  public String url(String path) {
    return baton.baseUrl() + path;
  }

  /** The live state Baton keeps for a worker. */
  public EndpointState state(SimWorker worker) {
    return baton.runtime().get().endpoints()
        .filter(e -> e.endpoint().port() == worker.port()).findFirst().orElseThrow();
  }

  /** In-flight requests Baton counts over all endpoints. */
  public int inFlight() {
    return baton.runtime().get().endpoints().mapToInt(EndpointState::inFlightRequests).sum();
  }

  /** Asserts (with a bound) that nothing is left held anywhere: Baton's counts, sims' sequences and blocks. */
  public void awaitQuiet() {
    Await.until("Baton's in-flight counts back to zero", () -> inFlight() == 0);
    for (SimWorker w : workers) {
      Await.until("worker " + w.port() + " idle with no held blocks",
          () -> w.stats().running() == 0 && w.stats().waiting() == 0 && w.stats().heldBlocks() == 0);
    }
  }

  @Override
  public void close() {
    Await.get(baton.close());
    workers.forEach(w -> Await.get(w.close()));
    Await.get(vertx.close());
  }
}
