package dev.baton.server.replay;

import dev.baton.router.latency.LatencyModels;
import dev.baton.server.config.EndpointConfig;
import dev.baton.sim.SimFleet;
import dev.baton.sim.SimWorker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The running workers of a {@link FleetSpec}: one {@link SimFleet} per group, on free loopback
 * ports, and the endpoints Baton is given for them (role and {@code hardware} label per group).
 */
final class SimulatedFleet {

  private final List<SimFleet> groups;
  private final List<EndpointConfig> endpoints;

  private SimulatedFleet(List<SimFleet> groups, List<EndpointConfig> endpoints) {
    this.groups = List.copyOf(groups);
    this.endpoints = List.copyOf(endpoints);
  }

  /** Starts every group; if one fails, those started are closed and the failure is returned. */
  static Future<SimulatedFleet> start(Vertx vertx, FleetSpec spec, String model) {
    List<Future<SimFleet>> starts = new ArrayList<>();
    try {
      for (WorkerGroup group : spec.workers()) {
        starts.add(SimFleet.start(vertx, group.count(), group.simConfig(model, spec.speed())));
      }
    } catch (IllegalArgumentException e) {
      starts.add(Future.failedFuture(e));
    }
    return Future.join(starts).transform(ar -> {
      List<SimFleet> started = new ArrayList<>();
      starts.stream().filter(Future::succeeded).forEach(f -> started.add(f.result()));
      if (ar.failed()) {
        return Future.join(started.stream().map(SimFleet::close).toList())
            .transform(x -> Future.failedFuture(ar.cause()));
      }
      List<EndpointConfig> endpoints = new ArrayList<>();
      for (int g = 0; g < started.size(); g++) {
        WorkerGroup group = spec.workers().get(g);
        for (SimWorker worker : started.get(g).workers()) {
          endpoints.add(new EndpointConfig(worker.baseUrl(), group.role(), null,
              Map.of(LatencyModels.HARDWARE_LABEL, group.hardwareClass())));
        }
      }
      return Future.succeededFuture(new SimulatedFleet(started, endpoints));
    });
  }

  /** Baton's endpoints for the workers, group by group. */
  List<EndpointConfig> endpoints() {
    return endpoints;
  }

  Future<Void> close() {
    return Future.join(groups.stream().map(SimFleet::close).toList()).mapEmpty();
  }
}
