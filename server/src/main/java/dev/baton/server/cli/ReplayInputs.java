package dev.baton.server.cli;

import dev.baton.bench.trace.TraceFile;
import dev.baton.bench.trace.TraceRecord;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.replay.FleetSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options {@code baton replay} and {@code baton tune} share (a picocli mixin): the trace, the
 * simulated fleet, and how fast and how patiently a replay sends the trace.
 */
public final class ReplayInputs {

  @Option(names = "--trace", paramLabel = "FILE", required = true,
      description = "The trace: JSON Lines from Baton's trace sink or in Mooncake's format.")
  Path trace;

  @Option(names = "--fleet", paramLabel = "FLEET.yaml", required = true,
      description = "The simulated workers (see config/fleet-example.yaml).")
  Path fleet;

  @Option(names = "--speedup", paramLabel = "N", defaultValue = "1",
      description = "Divide the recorded gaps between arrivals by N (default: ${DEFAULT-VALUE}).")
  double speedup;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "Per-request timeout in seconds (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  /** The trace's records, in file order. */
  List<TraceRecord> records() throws IOException {
    return TraceFile.read(trace);
  }

  /** The fleet, bound as strictly as baton.yaml ({@code ConfigException} with file:line:col). */
  FleetSpec fleetSpec() {
    return ConfigLoader.loadFile(fleet, FleetSpec.class);
  }

  Duration requestTimeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }
}
