package dev.baton.sim;

import dev.baton.sim.handoff.P2pNcclRegistrar;
import dev.baton.sim.kvevents.KvEventPublisher;
import dev.baton.sim.kvevents.KvEventSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * One simulated vLLM worker, embeddable in tests: an OpenAI-compatible HTTP API over a
 * continuous-batching engine model, plus a KV side channel for prefill/decode handoffs.
 *
 * <p>{@code SimWorker.start(vertx, SimConfig.defaults().withSpeed(50))} then talk HTTP to {@link
 * #baseUrl()}; {@link #stats()} tells what the worker saw. Tests usually use {@code
 * junit.SimWorkersExtension} instead.
 */
public final class SimWorker {

  private final Vertx vertx;
  private final SimConfig config;
  private final WorkerVerticle verticle;
  private final String deploymentId;
  private volatile P2pNcclRegistrar registrar;

  private SimWorker(Vertx vertx, SimConfig config, WorkerVerticle verticle, String deploymentId) {
    this.vertx = vertx;
    this.config = config;
    this.verticle = verticle;
    this.deploymentId = deploymentId;
  }

  /** Starts a worker on its own event loop; ports come from the config (0 picks free ones). */
  public static Future<SimWorker> start(Vertx vertx, SimConfig config) {
    return start(vertx, config, null);
  }

  /**
   * Starts a worker that also publishes vLLM's KV-cache events from its block pool, as {@code
   * --kv-events-config} makes vLLM do; null publishes none.
   */
  public static Future<SimWorker> start(Vertx vertx, SimConfig config, KvEventSettings kvEvents) {
    return start(vertx, config, kvEvents, Flavor.VLLM);
  }

  /**
   * Starts a worker speaking {@code flavor}'s API (SGLang's {@code /server_info}, metrics and
   * bootstrap rendezvous, for one); its KV side channel is then its bootstrap server.
   */
  public static Future<SimWorker> start(Vertx vertx, SimConfig config, KvEventSettings kvEvents,
      Flavor flavor) {
    return start(vertx, config, kvEvents, flavor, 1);
  }

  /**
   * Starts a worker of {@code dataParallelSize} ranks behind its one API port, as vLLM's {@code
   * --data-parallel-size}: each rank an engine with its own KV cache, {@code engine="<rank>"}
   * metric series and KV events on the event ports plus the rank. A request runs on the rank its
   * {@code X-data-parallel-rank} names, else on the least loaded one.
   */
  public static Future<SimWorker> start(Vertx vertx, SimConfig config, KvEventSettings kvEvents,
      Flavor flavor, int dataParallelSize) {
    WorkerVerticle verticle = new WorkerVerticle(config, kvEvents, flavor, dataParallelSize);
    return vertx.deployVerticle(verticle).map(id -> new SimWorker(vertx, config, verticle, id));
  }

  public SimConfig config() {
    return config;
  }

  /** The HTTP API's port. */
  public int port() {
    return verticle.port();
  }

  /** The KV side channel's port (the {@code remote_port} of this worker's handles). */
  public int kvPort() {
    return verticle.kvPort();
  }

  /** The KV-event publisher (its ports, a test hook to lose batches), or null without events. */
  public KvEventPublisher kvEvents() {
    return verticle.kvEvents();
  }

  /** Rank {@code rank}'s KV-event publisher, or null without events. */
  public KvEventPublisher kvEvents(int rank) {
    return verticle.kvEvents(rank);
  }

  /** How many data-parallel ranks the worker runs behind its port. */
  public int dataParallelSize() {
    return verticle.dataParallelSize();
  }

  /** The address the worker listens on. */
  public String host() {
    return config.host();
  }

  /** {@code http://host:port}. */
  public String baseUrl() {
    return "http://" + host() + ":" + port();
  }

  /** The {@code remote_engine_id} of this worker's handles. */
  public String engineId() {
    return verticle.engineId();
  }

  /** A snapshot of the worker's counters and gauges, every rank added up. */
  public SimStats stats() {
    return verticle.stats();
  }

  /** A snapshot of one data-parallel rank's counters and gauges. */
  public SimStats stats(int rank) {
    return verticle.stats(rank);
  }

  /** The admin switch: while false, {@code /health} and {@code /ping} answer 503. */
  public void healthy(boolean healthy) {
    verticle.healthy(healthy);
  }

  /** Replaces the injected fault rates (and {@code rejectConnections}) from now on. */
  public void faults(FaultConfig faults) {
    verticle.dice().config(faults);
  }

  /**
   * Zeroes the counters, forgets cached prefixes and releases held blocks, and makes the worker
   * healthy with the configured faults again. Requests in flight keep running; call it between tests.
   */
  public Future<Void> reset() {
    verticle.healthy(true);
    verticle.dice().config(config.faults());
    return verticle.reset();
  }

  /** Stops the worker and closes its ports. */
  /**
   * Registers this worker with a P2P-NCCL proxy every {@code every} as a vLLM
   * {@code P2pNcclConnector} instance does ({@code P}: producer, {@code D}: consumer), its ZMQ
   * address being its KV side channel; until {@link #close}.
   */
  public void registerWithP2pNcclProxy(String proxy, String type, Duration every) {
    P2pNcclRegistrar previous = registrar;
    if (previous != null) {
      previous.close();
    }
    registrar = new P2pNcclRegistrar(proxy, type, host() + ":" + port(), host() + ":" + kvPort(),
        every);
  }

  /** Stops registering (the proxy expires this worker) while the worker keeps serving. */
  public void stopRegistering() {
    P2pNcclRegistrar r = registrar;
    if (r != null) {
      r.close();
    }
  }

  public Future<Void> close() {
    stopRegistering();
    return vertx.undeploy(deploymentId);
  }
}
