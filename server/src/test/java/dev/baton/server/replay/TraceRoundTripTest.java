package dev.baton.server.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.bench.BenchOptions;
import dev.baton.bench.BenchRunner;
import dev.baton.bench.BenchSummary;
import dev.baton.bench.replay.ReplaySettings;
import dev.baton.bench.trace.TraceFile;
import dev.baton.bench.trace.TraceRecord;
import dev.baton.bench.workload.WorkloadKind;
import dev.baton.bench.workload.WorkloadSpec;
import dev.baton.server.BatonServer;
import dev.baton.server.capture.TraceConfig;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.testing.Await;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace recorded from a {@code baton bench} run through Baton, replayed against the same fleet
 * with the sink on again: both traces hold the same requests, prompt lengths, answer lengths and
 * shared-prefix groups. Timings are compared on the machine (docs/tuning.md), not here.
 */
class TraceRoundTripTest {

  @TempDir Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.get(vertx.close());
  }

  /** Records a bench run: two groups of 4 users sharing 256-word contexts, 24 requests. */
  private List<TraceRecord> record(Path file, BenchSummary[] summary) throws Exception {
    FleetSpec fleet = ReplayTest.fleet();
    SimulatedFleet workers = Await.get(SimulatedFleet.start(vertx, fleet, "m"));
    try {
      BatonConfig config =
          Replay.pointedAt(withTrace(TraceConfig.to(file.toString())), workers);
      BatonServer baton = Await.get(BatonServer.start(vertx, config));
      try {
        WorkloadSpec shared = WorkloadSpec.defaults(WorkloadKind.SHARED_PREFIX).withGroups(2)
            .withSystemTokens(256).withQuestionTokens(16).withOutputTokens(8);
        summary[0] = Await.get(BenchRunner.run(vertx, BenchOptions.builder(baton.baseUrl())
            .concurrency(4).requests(24).requestTimeout(Duration.ofSeconds(20))
            .workload(shared).build()));
      } finally {
        // Closing writes the queued lines.
        Await.get(baton.close());
      }
    } finally {
      Await.get(workers.close());
    }
    return TraceFile.read(file);
  }

  @Test
  void aRecordedBenchRunReplaysWithTheSameRequestsAndPrefixStructure() throws Exception {
    BenchSummary[] bench = new BenchSummary[1];
    List<TraceRecord> original = record(dir.resolve("bench.jsonl"), bench);

    assertThat(bench[0].ok()).isEqualTo(24);
    assertThat(original).hasSize(24);
    // Lengths are the workers' usage, as the client saw it; answers as long as asked.
    assertThat(original.stream().mapToLong(TraceRecord::promptTokens).sum())
        .isEqualTo(bench[0].promptTokens());
    assertThat(original).allSatisfy(r -> {
      assertThat(r.outputTokens()).isEqualTo(8);
      assertThat(r.stream()).isTrue();
      assertThat(r.model()).isEqualTo("m");
      assertThat(r.prompt()).isNull();
      // Blocks of 64 characters of these words hold about 14 of the simulator's tokens.
      assertThat(r.blockTokens()).isBetween(12, 16);
    });
    Map<Long, Integer> groups = groupSizes(original);
    assertThat(groups).hasSize(2);
    int sharedBlocks = sharedBlocks(original);
    // 256 words of context are some 1,200 to 1,400 characters: about 20 blocks of 64.
    assertThat(sharedBlocks).isBetween(16, 24);

    Path replayed = dir.resolve("replay.jsonl");
    BenchSummary replay = Await.get(Replay.run(vertx, ReplayTest.fleet(),
        withTrace(TraceConfig.to(replayed.toString())), original,
        ReplaySettings.DEFAULTS.withSpeedup(2)));
    List<TraceRecord> again = TraceFile.read(replayed);

    assertThat(replay.ok()).isEqualTo(24);
    assertThat(again).hasSize(24);
    assertThat(replay.outputTokens()).isEqualTo(bench[0].outputTokens());
    // Each recorded length, sent as a completion: plus the engine's begin-of-text token.
    assertThat(lengths(again))
        .isEqualTo(lengths(original).stream().map(n -> n + 1).toList());
    assertThat(groupSizes(again).values()).containsExactlyInAnyOrderElementsOf(groups.values());
    // The same share of each prompt is shared again, counted in tokens (blocks times their size).
    int sharedTokens = sharedBlocks * original.get(0).blockTokens();
    assertThat(sharedBlocks(again) * again.get(0).blockTokens())
        .isBetween(sharedTokens * 9 / 10, sharedTokens * 11 / 10);
    assertThat(replay.cachedPromptTokens()).isGreaterThan(bench[0].cachedPromptTokens() / 2);
  }

  private static BatonConfig withTrace(TraceConfig trace) {
    return ReplayTest.config().toBuilder().trace(trace).build();
  }

  private static List<Integer> lengths(List<TraceRecord> trace) {
    return trace.stream().map(TraceRecord::promptTokens).sorted().toList();
  }

  /** Requests per first block hash: one group per shared context. */
  private static Map<Long, Integer> groupSizes(List<TraceRecord> trace) {
    Map<Long, Integer> sizes = new TreeMap<>();
    trace.forEach(r -> sizes.merge(r.hashIds().get(0), 1, Integer::sum));
    return sizes;
  }

  /** Leading blocks every request of the first request's group shares with it. */
  private static int sharedBlocks(List<TraceRecord> trace) {
    List<Long> first = trace.get(0).hashIds();
    int shared = first.size();
    List<TraceRecord> group = new ArrayList<>();
    trace.stream().filter(r -> r.hashIds().get(0).equals(first.get(0))).forEach(group::add);
    for (TraceRecord r : group.subList(1, group.size())) {
      int same = 0;
      while (same < Math.min(shared, r.hashIds().size())
          && r.hashIds().get(same).equals(first.get(same))) {
        same++;
      }
      shared = same;
    }
    return shared;
  }
}
