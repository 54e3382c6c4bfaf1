package dev.baton.server.replay;

import java.util.List;

/**
 * The simulated fleet a replay runs against: a replay's {@code FLEET.yaml} (see
 * config/fleet-example.yaml and docs/tuning.md).
 *
 * @param model the model the workers serve (default: the first model of baton.yaml's first pool)
 * @param speed time compression of every worker that sets none (default 1: real time, as
 *     {@code baton sim --speed})
 * @param workers the groups of workers; at least one
 */
public record FleetSpec(String model, Double speed, List<WorkerGroup> workers) {

  public FleetSpec {
    speed = speed == null ? 1.0 : speed;
    if (!(speed > 0) || speed.isInfinite()) {
      throw new IllegalArgumentException("speed must be a positive number, got " + speed);
    }
    if (workers == null || workers.isEmpty()) {
      throw new IllegalArgumentException("workers: give at least one group of workers");
    }
    workers = List.copyOf(workers);
  }

  /** How many workers the fleet holds in all. */
  public int size() {
    return workers.stream().mapToInt(WorkerGroup::count).sum();
  }
}
