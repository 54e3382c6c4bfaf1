package dev.baton.server.cli;

import dev.baton.bench.BenchSummary;
import dev.baton.bench.cli.SummaryOutput;
import dev.baton.bench.replay.ReplaySettings;
import dev.baton.bench.report.ChartMetric;
import dev.baton.bench.report.ReportCommand;
import dev.baton.bench.trace.TraceRecord;
import dev.baton.bench.trace.TraceSlice;
import dev.baton.bench.transport.SocketTransport;
import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigException;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.replay.FleetSpec;
import dev.baton.server.replay.Replay;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code baton replay}: a recorded trace through Baton and a simulated fleet, offline. Exit status 0
 * when at least one request succeeded, 1 when none did or the replay could not start, 2 for bad
 * arguments or files.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Replay a trace (Baton's trace sink, or Mooncake's JSONL) open loop at its arrival"
        + " times against simulated workers (--fleet) behind Baton (--config), both in this"
        + " process, and write the same JSON summary and report as 'baton bench'.")
public final class ReplayCommand implements Callable<Integer> {

  /** Held, so the level set on it lasts: java.util.logging keeps loggers only weakly. */
  private static final Logger ACCESS_LOG = Logger.getLogger(AccessLog.LOGGER_NAME);

  @CommandLine.Mixin ReplayInputs inputs;

  @Option(names = "--config", paramLabel = "baton.yaml", required = true,
      description = "Baton's configuration; its first pool is pointed at the fleet.")
  Path config;

  @Option(names = "--slice", paramLabel = "PART", defaultValue = "all",
      description = "all, first-half, second-half, even-sessions or odd-sessions"
          + " (default: ${DEFAULT-VALUE}).")
  String slice;

  @Option(names = "--label", paramLabel = "NAME", defaultValue = "replay",
      description = "Name of the run in the summary (default: ${DEFAULT-VALUE}).")
  String label;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Write LABEL.json and report.md (every summary in DIR, as bench-report) here.")
  Path out;

  @Option(names = "--json", description = "Print the JSON summary on stdout.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    List<TraceRecord> records;
    FleetSpec fleetSpec;
    BatonConfig baton;
    ReplaySettings settings;
    try {
      settings = new ReplaySettings(inputs.speedup, TraceSlice.parse(slice), label, 42,
          inputs.requestTimeout());
      records = inputs.records();
      fleetSpec = inputs.fleetSpec();
      baton = ConfigLoader.load(config);
    } catch (ConfigException e) {
      e.problems().forEach(err::println);
      err.flush();
      return 2;
    } catch (IllegalArgumentException | IOException e) {
      err.println("baton replay: " + e.getMessage());
      err.flush();
      return 2;
    }
    // One access-log line per replayed request would bury the result.
    ACCESS_LOG.setLevel(Level.OFF);
    err.printf(Locale.ROOT, "baton replay: %d requests (%s) at %.1fx against %d simulated workers%n",
        settings.slice().of(records).size(), settings.slice().cliName(), inputs.speedup,
        fleetSpec.size());
    err.flush();
    Vertx vertx = SocketTransport.vertx("baton");
    try {
      BenchSummary summary = Replay.run(vertx, fleetSpec, baton, records, settings)
          .toCompletionStage().toCompletableFuture().get();
      write(summary, err);
      return summary.ok() > 0 ? 0 : 1;
    } catch (ExecutionException e) {
      err.println("baton replay: " + e.getCause().getMessage());
      return 1;
    } finally {
      err.flush();
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private void write(BenchSummary summary, PrintWriter err) throws IOException {
    new SummaryOutput(out == null ? null : out.resolve(label + ".json"), json)
        .write(summary, spec.commandLine().getOut(), err);
    if (out != null) {
      ReportCommand.write(out, out.resolve("report.md"), "Replay of " + inputs.trace.getFileName(),
          "Trace `" + inputs.trace + "`, fleet `" + inputs.fleet + "`, config `" + config + "`.", null,
          List.of(ChartMetric.parse("ttft-p90"), ChartMetric.parse("requests-per-s")));
    }
  }
}
