package dev.baton.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.bench.BenchSummary;
import dev.baton.bench.trace.TraceFile;
import dev.baton.bench.trace.TraceRecord;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.replay.FleetSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new ReplayCommand()).setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err)).execute(args);
  }

  private Path files(String fleetYaml) throws Exception {
    List<TraceRecord> records = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      records.add(new TraceRecord(i * 10.0, null, null, 40, 16, List.of(1L, 2L), 4, true, null,
          null, null, null, null));
    }
    TraceFile.write(dir.resolve("trace.jsonl"), records);
    Files.writeString(dir.resolve("fleet.yaml"), fleetYaml);
    Files.writeString(dir.resolve("baton.yaml"), """
        pools:
          - name: p
            models: [m]
            endpoints: [{url: "http://127.0.0.1:1"}]
        """);
    return dir;
  }

  @Test
  void writesTheSummaryAndTheReportLikeBench() throws Exception {
    files("speed: 50\nworkers: [{count: 1, gpu: h200}]\n");
    int status = run("--trace", dir.resolve("trace.jsonl").toString(),
        "--fleet", dir.resolve("fleet.yaml").toString(),
        "--config", dir.resolve("baton.yaml").toString(),
        "--speedup", "4", "--label", "base", "--out", dir.resolve("runs").toString());

    assertThat(status).as(err.toString()).isZero();
    BenchSummary summary =
        BenchSummary.fromJson(Files.readString(dir.resolve("runs").resolve("base.json")));
    assertThat(summary.ok()).isEqualTo(6);
    assertThat(summary.outputTokens()).isEqualTo(24);
    assertThat(Files.readString(dir.resolve("runs").resolve("report.md")))
        .contains("Replay of trace.jsonl", "| base");
    assertThat(err.toString()).contains("6 requests (all) at 4.0x against 1 simulated workers");
  }

  @Test
  void aBadFleetFileIsReportedWithItsLineAndExitStatus2() throws Exception {
    files("speed: 50\nworkers:\n  - count: 1\n    gpus: h100\n");
    int status = run("--trace", dir.resolve("trace.jsonl").toString(),
        "--fleet", dir.resolve("fleet.yaml").toString(),
        "--config", dir.resolve("baton.yaml").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("fleet.yaml:4:").contains("workers[0].gpus");
  }

  @Test
  void theExampleFleetLoads() {
    FleetSpec fleet = ConfigLoader.loadFile(Path.of("../config/fleet-example.yaml"),
        FleetSpec.class);
    assertThat(fleet.size()).isEqualTo(4);
    assertThat(fleet.workers().get(1).hardwareClass()).isEqualTo("l40s");
    assertThat(fleet.workers().get(1).simConfig("m", 1).kvBlocks()).isEqualTo(6000);
  }

  @Test
  void theBundledTraceAndItsFleetLoad() throws Exception {
    FleetSpec fleet = ConfigLoader.loadFile(Path.of("../config/traces/fleet.yaml"),
        FleetSpec.class);
    assertThat(fleet.size()).isEqualTo(4);
    List<TraceRecord> trace =
        TraceFile.read(Path.of("../config/traces/shared-prefix-multi-turn.jsonl"));
    assertThat(trace).hasSizeGreaterThan(200);
    assertThat(trace).allSatisfy(r -> {
      assertThat(r.prompt()).isNull();
      assertThat(r.hashIds()).isNotEmpty();
    });
    // Shared contexts and conversations: far fewer first blocks than requests.
    assertThat(trace.stream().map(r -> r.hashIds().get(0)).distinct().count())
        .isLessThan(trace.size() / 3);
  }
}
