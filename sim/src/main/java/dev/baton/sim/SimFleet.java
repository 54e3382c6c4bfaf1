package dev.baton.sim;

import dev.baton.sim.kvevents.KvEventSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Several simulated workers with one configuration. With a fixed {@code port} in the config, worker
 * {@code i} listens on {@code port + i} and its side channel on {@code kvPort + i} (when set);
 * with port 0 every worker picks free ports.
 */
public final class SimFleet {

  private final List<SimWorker> workers;

  private SimFleet(List<SimWorker> workers) {
    this.workers = List.copyOf(workers);
  }

  public static Future<SimFleet> start(Vertx vertx, int count, SimConfig config) {
    return start(vertx, count, config, null, Flavor.VLLM);
  }

  /**
   * Starts {@code count} workers; with {@code events}, each publishes KV events, worker i on the
   * settings' ports + 2i (PUB) and + 2i + 1 (replay) when they are not 0.
   */
  public static Future<SimFleet> start(Vertx vertx, int count, SimConfig config,
      KvEventSettings events) {
    return start(vertx, count, config, events, Flavor.VLLM);
  }

  /** {@code count} workers as above, speaking {@code flavor}'s API. */
  public static Future<SimFleet> start(Vertx vertx, int count, SimConfig config,
      KvEventSettings events, Flavor flavor) {
    return start(vertx, count, config, events, flavor, 1);
  }

  /**
   * {@code count} workers of {@code ranks} data-parallel ranks each. Fixed ports make room for the
   * ranks: worker i's side channels on {@code kvPort + ranks * i + r}, its PUB sockets on the event
   * port {@code + 2 * ranks * i + r} and its replay sockets {@code ranks} above those.
   */
  public static Future<SimFleet> start(Vertx vertx, int count, SimConfig config,
      KvEventSettings events, Flavor flavor, int ranks) {
    if (count < 1) {
      return Future.failedFuture(new IllegalArgumentException("count must be >= 1"));
    }
    List<Future<SimWorker>> starts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SimConfig c = config;
      if (config.port() != 0) {
        c = c.withPort(config.port() + i);
      }
      if (config.kvPort() != 0) {
        c = c.withKvPort(config.kvPort() + ranks * i);
      }
      int pub = events == null ? 0 : events.port() + 2 * ranks * i;
      KvEventSettings e = events == null || events.port() == 0 ? events
          : new KvEventSettings(pub, pub + ranks, events.topic(),
              events.encoding(), events.hashes(), events.bufferSteps());
      starts.add(SimWorker.start(vertx, c.withFaults(c.faults().withSeed(c.faults().seed() + i)),
          e, flavor, ranks));
    }
    return Future.join(starts).transform(ar -> {
      List<SimWorker> started = new ArrayList<>();
      for (Future<SimWorker> f : starts) {
        if (f.succeeded()) {
          started.add(f.result());
        }
      }
      if (ar.succeeded()) {
        return Future.succeededFuture(new SimFleet(started));
      }
      // Do not leak the workers that did start.
      return Future.join(started.stream().map(SimWorker::close).toList())
          .transform(x -> Future.failedFuture(ar.cause()));
    });
  }

  public List<SimWorker> workers() {
    return workers;
  }

  public SimWorker worker(int i) {
    return workers.get(i);
  }

  public Future<Void> resetAll() {
    return Future.join(workers.stream().map(SimWorker::reset).toList()).mapEmpty();
  }

  public Future<Void> close() {
    return Future.join(workers.stream().map(SimWorker::close).toList()).mapEmpty();
  }
}
