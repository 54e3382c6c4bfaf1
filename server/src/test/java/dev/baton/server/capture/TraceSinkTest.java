package dev.baton.server.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.bench.BenchOptions;
import dev.baton.bench.BenchRunner;
import dev.baton.bench.BenchSummary;
import dev.baton.bench.trace.TraceFile;
import dev.baton.bench.trace.TraceRecord;
import dev.baton.bench.workload.WorkloadKind;
import dev.baton.bench.workload.WorkloadSpec;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Baton in front of a simulated worker writes one trace line per request, as configured. */
class TraceSinkTest {

  @TempDir Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.get(vertx.close());
  }

  /** Sends {@code requests} through Baton with the given trace keys; returns the lines. */
  private List<TraceRecord> traced(String traceKeys, int requests) throws Exception {
    SimWorker worker = Await.get(SimWorker.start(vertx, SimConfig.defaults().withSpeed(50)
        .withModel("m")));
    Path file = dir.resolve("trace.jsonl");
    try {
      BatonConfig config = ConfigLoader.parse("""
          server: {host: 127.0.0.1, port: 0}
          admin: {host: 127.0.0.1, port: 0}
          pools:
            - name: p
              models: [m]
              endpoints: [{url: "%s"}]
          trace: {path: "%s", %s}
          """.formatted(worker.baseUrl(), file, traceKeys), "baton.yaml");
      BatonServer baton = Await.get(BatonServer.start(vertx, config));
      try {
        BenchSummary summary = Await.get(BenchRunner.run(vertx, BenchOptions.builder(
                baton.baseUrl()).concurrency(2).requests(requests)
            .requestTimeout(Duration.ofSeconds(20))
            .header("x-priority", "high").header("x-session-id", "s-7")
            .header("x-tenant", "team-a").header("x-llm-d-slo-ttft-ms", "900")
            .workload(WorkloadSpec.defaults(WorkloadKind.RANDOM).withQuestionTokens(40)
                .withOutputTokens(5)).build()));
        assertThat(summary.ok()).isEqualTo(requests);
        // The tests' HTTP/1.1 client: a default java.net.http client first tries an h2c upgrade,
        // which once left this request hanging for 120 s.
        String metrics = Http.get("http://127.0.0.1:" + baton.adminPort() + "/metrics").body();
        assertThat(metrics).contains("baton_trace_dropped_total 0.0");
      } finally {
        Await.get(baton.close());
      }
    } finally {
      Await.get(worker.close());
    }
    return TraceFile.read(file);
  }

  @Test
  void everyRequestGetsALineWithWhatItCarriedAndNoText() throws Exception {
    List<TraceRecord> lines = traced("blockTokens: 4", 6);

    assertThat(lines).hasSize(6);
    assertThat(lines).allSatisfy(r -> {
      assertThat(r.model()).isEqualTo("m");
      assertThat(r.tenant()).isEqualTo("team-a");
      assertThat(r.priority()).isEqualTo("high");
      assertThat(r.session()).isEqualTo("s-7");
      assertThat(r.sloTtftMs()).isEqualTo(900.0);
      assertThat(r.stream()).isTrue();
      assertThat(r.outputTokens()).isEqualTo(5);
      // 40 words and the chat template, as the worker counted them.
      assertThat(r.promptTokens()).isBetween(40, 70);
      assertThat(r.hashIds()).hasSizeGreaterThan(5);
      assertThat(r.prompt()).isNull();
      assertThat(r.arrivalMs()).isCloseTo(System.currentTimeMillis(),
          org.assertj.core.data.Offset.offset(120_000.0));
    });
  }

  @Test
  void promptsOnlyWhenAskedAndHashesOffWhenAsked() throws Exception {
    List<TraceRecord> lines =
        traced("includePrompts: true, includePromptHashes: false", 2);

    assertThat(lines).hasSize(2).allSatisfy(r -> {
      assertThat(r.prompt()).contains("Request ");
      assertThat(r.hashIds()).isEmpty();
      assertThat(r.blockTokens()).isZero();
    });
  }

  @Test
  void linesTheFileCannotTakeAreCountedAsDropped() throws Exception {
    Path blocker = dir.resolve("not-a-folder");
    java.nio.file.Files.writeString(blocker, "a file where the trace's folder should be");
    TraceSink sink = TraceSink.of(TraceConfig.to(blocker.resolve("trace.jsonl").toString()));
    TraceRecord record =
        new TraceRecord(1.0, "m", null, 10, 0, null, 5, true, null, null, null, null, null);
    for (int i = 0; i < 3; i++) {
      sink.offer(record);
    }
    sink.close();
    assertThat(sink.dropped()).isEqualTo(3);
    assertThat(sink.written()).isZero();
  }
}
