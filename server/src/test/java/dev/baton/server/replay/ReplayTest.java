package dev.baton.server.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.bench.BenchSummary;
import dev.baton.bench.replay.ReplaySettings;
import dev.baton.bench.trace.TraceFile;
import dev.baton.bench.trace.TraceRecord;
import dev.baton.bench.trace.TraceSlice;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Await;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays through a real Baton in front of real simulated workers, all on loopback sockets. */
class ReplayTest {

  private final Vertx vertx = Vertx.vertx();
  @TempDir Path dir;

  @AfterEach
  void close() {
    Await.get(vertx.close());
  }

  /** Baton's YAML for a pool whose endpoint the replay replaces with the fleet. */
  static BatonConfig config() {
    return ConfigLoader.parse("""
        pools:
          - name: p
            models: [m]
            endpoints: [{url: "http://127.0.0.1:1"}]
        """, "baton.yaml");
  }

  /**
   * 24 requests 20 ms apart from three groups: each prompt is its group's 20 blocks of 16 tokens
   * and 24 tokens of its own.
   */
  static List<TraceRecord> trace() {
    List<TraceRecord> records = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      List<Long> hashes = new ArrayList<>();
      for (int b = 0; b < 20; b++) {
        hashes.add((i % 3) * 1000L + b);
      }
      records.add(new TraceRecord(1_000 + i * 20.0, "m", null, 344, 16, hashes, 8, true, null,
          null, null, "group-" + (i % 3), null));
    }
    return records;
  }

  static FleetSpec fleet() {
    return new FleetSpec(null, 50.0, List.of(WorkerGroup.of(2, "h100")));
  }

  @Test
  void aReplaySendsEveryRequestThroughBatonToTheFleetWithItsPrefixesShared() {
    BenchSummary summary = Await.get(Replay.run(vertx, fleet(), config(), trace(),
        ReplaySettings.DEFAULTS.withLabel("all")));

    assertThat(summary.errorSamples()).isEmpty();
    assertThat(summary.requests()).isEqualTo(24);
    assertThat(summary.ok()).isEqualTo(24);
    assertThat(summary.workload()).isEqualTo("trace");
    assertThat(summary.label()).isEqualTo("all");
    assertThat(summary.model()).isEqualTo("m");
    // ignore_eos: every answer as long as recorded.
    assertThat(summary.outputTokens()).isEqualTo(24 * 8);
    // 344 tokens of words a prompt, plus the engine's begin-of-text token.
    assertThat(summary.promptTokens()).isEqualTo(24L * 345);
    // Each group's 320 shared tokens are computed about once per worker at most, then cached.
    assertThat(summary.cachedPromptTokens()).isGreaterThan(24L * 320 / 2);
    // Open loop at the trace's rate: 23 gaps of 20 ms.
    assertThat(summary.qps()).isCloseTo(50.0, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void aSliceReplaysOnlyItsRequests() {
    BenchSummary summary = Await.get(Replay.run(vertx, fleet(), config(), trace(),
        ReplaySettings.DEFAULTS.withSlice(TraceSlice.SECOND_HALF).withSpeedup(2)));

    assertThat(summary.ok()).isEqualTo(12);
    assertThat(summary.qps()).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void eachReplayedRequestReachesBatonWithItsOwnLinesHeaders() throws Exception {
    List<TraceRecord> sent = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      sent.add(new TraceRecord(i * 10.0, "m", "team-" + i % 2, 40, 0, List.of(), 4, true,
          i % 2 == 0 ? "high" : null, 60_000.0 + i, i == 0 ? null : 50.0 + i, "s-" + i, null));
    }
    // Baton's own trace sink records what each request carried, as TraceSinkTest reads it.
    Path recorded = dir.resolve("seen.jsonl");
    BatonConfig config = ConfigLoader.parse("""
        pools:
          - name: p
            models: [m]
            endpoints: [{url: "http://127.0.0.1:1"}]
        trace: {path: "%s"}
        """.formatted(recorded), "baton.yaml");

    BenchSummary summary = Await.get(Replay.run(vertx, fleet(), config, sent,
        ReplaySettings.DEFAULTS));

    assertThat(summary.ok()).isEqualTo(6);
    assertThat(summary.ttftWithinObjective()).isEqualTo(1.0);
    Map<String, TraceRecord> seen = TraceFile.read(recorded).stream()
        .collect(Collectors.toMap(TraceRecord::session, Function.identity()));
    assertThat(seen).hasSize(6);
    for (TraceRecord line : sent) {
      TraceRecord at = seen.get(line.session());
      assertThat(at.tenant()).as(line.session()).isEqualTo(line.tenant());
      assertThat(at.priority()).as(line.session()).isEqualTo(line.priority());
      assertThat(at.sloTtftMs()).as(line.session()).isEqualTo(line.sloTtftMs());
      assertThat(at.sloTpotMs()).as(line.session()).isEqualTo(line.sloTpotMs());
    }
  }
}
