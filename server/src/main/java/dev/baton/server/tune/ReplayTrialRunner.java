package dev.baton.server.tune;

import dev.baton.bench.BenchSummary;
import dev.baton.bench.replay.ReplaySettings;
import dev.baton.bench.replay.TraceReplay;
import dev.baton.bench.trace.TraceRecord;
import dev.baton.bench.trace.TraceSlice;
import dev.baton.router.endpoint.Role;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.replay.FleetSpec;
import dev.baton.server.replay.Replay;
import dev.baton.server.replay.WorkerGroup;
import dev.baton.server.slo.HardwareClassConfig;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * Trials as real replays ({@link Replay#run}): the part of the trace through an in-process Baton
 * whose {@code scheduling:} section is the candidate's, against a fresh simulated fleet each time,
 * so every trial starts from cold caches alike and trials can run side by side.
 */
public final class ReplayTrialRunner implements TrialRunner {

  private final Vertx vertx;
  private final FleetSpec fleet;
  private final BatonConfig config;
  private final List<TraceRecord> trace;
  private final ReplaySettings settings;

  /**
   * @param config the operator's configuration; each trial replaces only its scheduling section
   * @param settings speed-up, seed and request timeout of every replay (label and slice are set
   *     per trial)
   */
  public ReplayTrialRunner(Vertx vertx, FleetSpec fleet, BatonConfig config,
      List<TraceRecord> trace, ReplaySettings settings) {
    this.vertx = vertx;
    this.fleet = fleet;
    this.config = config;
    // Parts are cut by arrival: a sink writes a request's line when it ends, not when it came.
    this.trace = TraceReplay.inArrivalOrder(trace);
    this.settings = settings;
  }

  @Override
  public BenchSummary run(Candidate candidate, TracePart part) throws Exception {
    List<TraceRecord> records =
        trace.subList(part.firstIndex(trace.size()), part.endIndex(trace.size()));
    if (records.isEmpty()) {
      throw new IllegalArgumentException("the trace part " + part + " holds no request");
    }
    BatonConfig tried = config.toBuilder().scheduling(candidate.scheduling()).build();
    return Replay.run(vertx, fleet, tried, records,
            settings.withLabel(candidate.label()).withSlice(TraceSlice.ALL))
        .toCompletionStage().toCompletableFuture().get();
  }

  @Override
  public double traceSeconds(TracePart part) {
    int first = part.firstIndex(trace.size());
    int end = part.endIndex(trace.size());
    if (end <= first) {
      return 0;
    }
    return (trace.get(end - 1).arrivalMs() - trace.get(first).arrivalMs()) / 1000
        / settings.speedup();
  }

  /** The fleet's cost per hour: each worker at its hardware class's {@code costPerHour}. */
  public static double fleetCostPerHour(FleetSpec fleet, BatonConfig config) {
    double total = 0;
    for (WorkerGroup group : fleet.workers()) {
      HardwareClassConfig declared = config.hardwareClasses().get(group.hardwareClass());
      double perWorker = declared == null ? 1 : declared.costPerHour();
      total += perWorker * group.count();
    }
    return total;
  }

  /** Whether replays can split prefill from decode: the pool allows it and the fleet can. */
  public static boolean disaggregates(FleetSpec fleet, BatonConfig config) {
    return !config.pools().isEmpty() && config.pools().get(0).disaggregation().enabled()
        && fleet.workers().stream().anyMatch(g -> g.role() == Role.PREFILL);
  }
}
