package dev.baton.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.bench.trace.TraceFile;
import dev.baton.bench.trace.TraceRecord;
import dev.baton.server.tune.TuneReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code baton tune} end to end on a tiny trace and fleet with a tiny budget: real replays through
 * an in-process Baton and simulated workers. Asserts what the tune leaves (the held-out comparison,
 * YAML that {@code baton validate} accepts, every trial in the JSON), not how fast it ran.
 */
class TuneCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new BatonCommand()).setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Two shared contexts, each followed by short multi-turn sessions, 40 ms apart. */
  private Path trace() throws Exception {
    return trace(null);
  }

  /** As above, every line with the TTFT objective {@code ttftMs} (none when null). */
  private Path trace(Double ttftMs) throws Exception {
    List<TraceRecord> records = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      long context = i % 2 == 0 ? 100 : 200;
      List<Long> hashes = List.of(context, context * 10 + i % 4);
      records.add(new TraceRecord(i * 40.0, null, null, 48, 16, hashes, 4, true, null, ttftMs,
          null, "s" + (i % 4), null));
    }
    Path file = dir.resolve("trace.jsonl");
    TraceFile.write(file, records);
    return file;
  }

  @Test
  void tunesATinyTraceAndLeavesAReportAndValidYaml() throws Exception {
    Path trace = trace();
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, "model: m\nspeed: 50\nworkers: [{count: 2, gpu: h200}]\n");
    Path out = dir.resolve("tune");
    // --max-samples, not the budget, bounds this search, so its shape holds on a slow machine.

    Run tune = run("tune", "--trace", trace.toString(), "--fleet", fleet.toString(),
        "--objective", "ttft_p90", "--budget", "10m", "--parallel", "1", "--rungs", "2",
        "--eta", "2", "--max-samples", "2", "--speedup", "4", "--seed", "3",
        "--out", out.toString());

    assertThat(tune.exit()).as(tune.err()).isZero();
    assertThat(tune.err()).contains("baton tune: 24 requests", "rung 1/2", "held-out", "ETA");
    assertThat(tune.out()).contains("held-out half, ttft_p90 (ms):", "  current: ", "  best #",
        "best vs current: ", "  verdict: ");
    JsonNode trials = new ObjectMapper().readTree(out.resolve(TuneReport.TRIALS).toFile());
    assertThat(trials.get("samples").asInt()).isEqualTo(2);
    // current + 2 samples on rung 1, current + 1 on rung 2, best + current held out.
    assertThat(trials.get("trials")).hasSize(7);
    for (JsonNode trial : trials.get("trials")) {
      assertThat(trial.get("summary").get("ok").asInt()).as(trial.toString()).isPositive();
    }
    assertThat(out.resolve(TuneReport.PLOT)).exists();
    assertThat(Files.readString(out.resolve(TuneReport.MARKDOWN))).contains("## Trials");

    Run validate = run("validate", out.resolve(TuneReport.BEST_YAML).toString());
    assertThat(validate.exit()).as(validate.err()).isZero();
  }

  @Test
  void anUnknownObjectiveIsRejectedWithExitStatus2() throws Exception {
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, "workers: [{count: 1}]\n");
    Run tune = run("tune", "--trace", trace().toString(), "--fleet", fleet.toString(),
        "--objective", "latency");
    assertThat(tune.exit()).isEqualTo(2);
    assertThat(tune.err()).contains("unknown objective 'latency'", "ttft_p90, throughput");

    Run slo = run("tune", "--trace", trace().toString(), "--fleet", fleet.toString(),
        "--objective", "slo_attainment");
    assertThat(slo.exit()).isEqualTo(2);
    assertThat(slo.err()).contains("no line of the trace has slo_ttft_ms");
  }

  @Test
  void tunesForSloAttainmentWhenTheTraceCarriesObjectives() throws Exception {
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, "model: m\nspeed: 50\nworkers: [{count: 2, gpu: h200}]\n");
    Path out = dir.resolve("tune");

    Run tune = run("tune", "--trace", trace(60_000.0).toString(), "--fleet", fleet.toString(),
        "--objective", "slo_attainment", "--budget", "10m", "--parallel", "1", "--rungs", "1",
        "--max-samples", "1", "--speedup", "4", "--seed", "3", "--out", out.toString());

    assertThat(tune.exit()).as(tune.err()).isZero();
    assertThat(tune.out()).contains("held-out half, slo_attainment (share):", "  current: ");
    JsonNode trials = new ObjectMapper().readTree(out.resolve(TuneReport.TRIALS).toFile());
    for (JsonNode trial : trials.get("trials")) {
      // An hour-long objective: every request that came back met its own.
      assertThat(trial.get("summary").get("ttft_within_objective").asDouble())
          .as(trial.toString()).isEqualTo(1.0);
    }
  }
}
