package dev.baton.server.cli;

import dev.baton.bench.cli.DurationConverter;
import dev.baton.bench.replay.ReplaySettings;
import dev.baton.bench.trace.TraceRecord;
import dev.baton.bench.trace.TraceSlice;
import dev.baton.bench.transport.SocketTransport;
import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigException;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.replay.FleetSpec;
import dev.baton.server.tune.Objective;
import dev.baton.server.tune.ReplayTrialRunner;
import dev.baton.server.tune.SearchSpace;
import dev.baton.server.tune.TuneProgress;
import dev.baton.server.tune.TuneReport;
import dev.baton.server.tune.TuneResult;
import dev.baton.server.tune.TuneSearch;
import dev.baton.server.tune.TuneSettings;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code baton tune}: searches the default decode profile's weights, picker and P/D threshold on
 * the first half of a trace, replayed against a simulated fleet, and compares the winner with the
 * current profile on the second half (docs/tuning.md). Exit status 0 when a winner was found and
 * compared, 1 when no sample finished a replay, 2 for bad arguments or files.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Search scheduling weights on a recorded trace replayed against a simulated"
        + " fleet: Latin-hypercube samples, successive halving on the trace's first half, the"
        + " winner and the current profile compared on its second half; prints the winner as"
        + " YAML to paste.")
public final class TuneCommand implements Callable<Integer> {

  /** Held for the whole run: java.util.logging forgets the level of a logger nobody holds. */
  private static final Logger ACCESS_LOG = Logger.getLogger(AccessLog.LOGGER_NAME);
  /** Every replay starts and stops a Baton: its start-up and scrape notices would bury progress. */
  private static final Logger BATON_LOG = Logger.getLogger("dev.baton");

  @CommandLine.Mixin ReplayInputs inputs;

  @Option(names = "--config", paramLabel = "baton.yaml",
      description = "Baton's configuration: its scheduling section is the current profile, its"
          + " first pool is pointed at the fleet (default: one aggregated pool, default profile).")
  Path config;

  @Option(names = "--objective", paramLabel = "NAME", defaultValue = "ttft_p90",
      description = "ttft_p90, throughput, slo_attainment or cost (default: ${DEFAULT-VALUE}).")
  String objective;

  @Option(names = "--budget", paramLabel = "DURATION", defaultValue = "30m",
      converter = DurationConverter.class,
      description = "Wall time of the whole tune, e.g. 10m (default: ${DEFAULT-VALUE}).")
  Duration budget;

  @Option(names = "--parallel", paramLabel = "N",
      description = "Replays at once (default: half the processors, at least 1).")
  Integer parallel;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "Seeds the sample and the replays (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "tune-out",
      description = "Where the report, plot, trials.json and best.yaml go"
          + " (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--eta", paramLabel = "N", defaultValue = "3",
      description = "Each rung keeps the best 1/N (default: ${DEFAULT-VALUE}).")
  int eta;

  @Option(names = "--rungs", paramLabel = "N", defaultValue = "3",
      description = "Rungs of growing slices; the last replays the whole first half"
          + " (default: ${DEFAULT-VALUE}).")
  int rungs;

  @Option(names = "--max-samples", paramLabel = "N", defaultValue = "64",
      description = "The most samples drawn, whatever the budget (default: ${DEFAULT-VALUE}).")
  int maxSamples;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    List<TraceRecord> records;
    FleetSpec fleetSpec;
    BatonConfig baton;
    TuneSettings settings;
    ReplaySettings replay;
    try {
      int threads = parallel != null ? parallel
          : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
      settings = new TuneSettings(Objective.parse(objective), budget, threads, seed, eta, rungs,
          maxSamples);
      replay = new ReplaySettings(inputs.speedup, TraceSlice.ALL, "tune", seed,
          inputs.requestTimeout());
      records = inputs.records();
      if (settings.objective() == Objective.SLO_ATTAINMENT
          && records.stream().allMatch(r -> r.sloTtftMs() == null)) {
        // A replay sends each line's own objective; with none every trial would read n/a.
        throw new IllegalArgumentException("--objective slo_attainment needs TTFT objectives, but"
            + " no line of the trace has slo_ttft_ms (record it with SLO headers or slo defaults)");
      }
      fleetSpec = inputs.fleetSpec();
      baton = config != null ? ConfigLoader.load(config) : defaultConfig(fleetSpec);
      if (records.size() < 4) {
        throw new IllegalArgumentException("the trace holds " + records.size()
            + " requests; a tune needs at least 4 (two halves of two)");
      }
    } catch (ConfigException e) {
      e.problems().forEach(err::println);
      err.flush();
      return 2;
    } catch (IllegalArgumentException | IOException e) {
      err.println("baton tune: " + e.getMessage());
      err.flush();
      return 2;
    }
    // One access-log line per replayed request would bury the progress.
    ACCESS_LOG.setLevel(Level.OFF);
    BATON_LOG.setLevel(Level.SEVERE);
    boolean split = ReplayTrialRunner.disaggregates(fleetSpec, baton);
    SearchSpace space = SearchSpace.forFleet(split);
    err.printf(Locale.ROOT, "baton tune: %d requests (first half to tune, second to judge),"
            + " %d simulated workers%s, %s over %d knobs, budget %s, %d at a time%n",
        records.size(), fleetSpec.size(), split ? " (disaggregated)" : "",
        settings.objective().cliName(), space.dimensions(), budget, settings.parallel());
    err.flush();
    Vertx vertx = SocketTransport.vertx("baton");
    try {
      TuneProgress progress = new TuneProgress(err, settings.objective(), System::nanoTime,
          budget.toNanos());
      TuneResult result = new TuneSearch(settings, space,
          new ReplayTrialRunner(vertx, fleetSpec, baton, records, replay),
          ReplayTrialRunner.fleetCostPerHour(fleetSpec, baton), System::nanoTime, progress)
          .run(baton.scheduling());
      stdout.print(TuneReport.summary(result));
      stdout.flush();
      TuneReport.write(result, commandLine(), out);
      err.println("baton tune: report in " + out.resolve(TuneReport.MARKDOWN));
      return result.heldOutBest().isPresent() ? 0 : 1;
    } finally {
      err.flush();
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** One aggregated pool serving the fleet's model with Baton's default profile. */
  private static BatonConfig defaultConfig(FleetSpec fleet) {
    String model = fleet.model() != null ? fleet.model() : "model";
    return ConfigLoader.parse("pools:\n  - name: replay\n    models: [\"" + model + "\"]\n"
        + "    endpoints: [{url: \"http://127.0.0.1:9\"}]\n", "(default configuration)");
  }

  private String commandLine() {
    return "baton tune " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
  }
}
