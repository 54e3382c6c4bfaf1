package dev.baton.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.bench.Await;
import dev.baton.bench.BenchSummary;
import dev.baton.bench.FakeOpenAiServer;
import dev.baton.bench.FakeOpenAiServer.Fault;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {

  @TempDir Path dir;

  private Vertx vertx;
  private FakeOpenAiServer server;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    server = FakeOpenAiServer.start(vertx, 1, true, i -> i == 3 ? Fault.STATUS_500 : Fault.NONE);
  }

  @AfterEach
  void tearDown() {
    server.close();
    Await.result(vertx.close(), Duration.ofSeconds(30));
  }

  private int run(String... args) {
    return new CommandLine(new BenchCommand())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void writesTheJsonSummaryToAFileAndStdout() throws Exception {
    Path file = dir.resolve("runs/summary.json");
    int status = run("--url", server.url(), "--model", "m", "--concurrency", "2", "--requests", "12",
        "--workload", "random", "--question-tokens", "20", "--output-tokens", "5",
        "--label", "direct", "--out", file.toString(), "--json", "--quiet");

    assertThat(status).isZero();
    JsonNode json = new ObjectMapper().readTree(Files.readString(file));
    for (String field : new String[] {"label", "requests", "errors", "errors_by_kind", "duration_s",
        "requests_per_s", "output_tokens_per_s", "ttft_ms", "itl_ms", "e2e_ms"}) {
      assertThat(json.has(field)).as(field).isTrue();
    }
    assertThat(json.get("label").asText()).isEqualTo("direct");
    assertThat(json.get("requests").asLong()).isEqualTo(12);
    assertThat(json.get("errors").asLong()).isEqualTo(1);
    assertThat(json.get("errors_by_kind").get("http_5xx").asLong()).isEqualTo(1);
    assertThat(json.get("ttft_ms").fieldNames()).toIterable()
        .contains("mean", "p50", "p90", "p99");
    BenchSummary fromStdout = BenchSummary.fromJson(out.toString());
    assertThat(BenchSummary.fromJson(out.toString().replaceFirst("\\{", "{\"added_later\": 1,")))
        .isEqualTo(fromStdout);
    assertThatThrownBy(() -> BenchSummary.fromJson("{\"not\": \"a summary\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(fromStdout.outputTokens()).isEqualTo(11 * 5);
    assertThat(err.toString()).contains("direct: 12 requests (1 errors)");
    assertThat(server.received()).allSatisfy(r -> assertThat(r.body().getString("prompt")).isNull());
  }

  @Test
  void printsProgressWhileRunningOpenLoop() {
    int status = run("--url", server.url(), "--model", "m", "--qps", "20", "--duration", "2.5s",
        "--workload", "long-prefill", "--question-tokens", "200", "--endpoint", "completions");

    assertThat(status).isZero();
    assertThat(err.toString()).contains("[bench] ").contains("measuring");
    assertThat(server.received()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/v1/completions"));
  }

  @Test
  void rejectsContradictoryOrMissingArguments() {
    assertThat(run("--url", server.url(), "--qps", "5", "--concurrency", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("exclude each other");
    assertThat(run("--url", "ftp://x", "--requests", "1")).isEqualTo(2);
    assertThat(run("--url", server.url(), "--workload", "nope")).isEqualTo(2);
    assertThat(run("--url", server.url(), "--duration", "soon")).isEqualTo(2);
    assertThat(run("--model", "m")).isEqualTo(2);
    assertThat(server.requests()).isZero();
  }

  @Test
  void failsWhenNothingSucceeds() {
    int status = run("--url", server.url(), "--model", "m", "--concurrency", "1", "--requests", "2",
        "--quiet", "--header", "X-Ignored: 1", "--timeout", "30s", "--workload", "random",
        "--output-tokens", "4");
    assertThat(status).isZero();

    FakeOpenAiServer failing = FakeOpenAiServer.start(vertx, 1, true, i -> Fault.STATUS_400);
    try {
      assertThat(run("--url", failing.url(), "--model", "m", "--requests", "3", "--quiet"))
          .isEqualTo(1);
      assertThat(err.toString()).contains("first http_4xx: HTTP 400");
    } finally {
      failing.close();
    }
  }
  @Test
  void replaysATraceAtItsArrivalTimesWithTheClientsKey() throws Exception {
    Path trace = dir.resolve("trace.jsonl");
    java.util.List<dev.baton.bench.trace.TraceRecord> records = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      records.add(new dev.baton.bench.trace.TraceRecord(1000 + i * 400.0, null, null, 30, 16,
          java.util.List.of(7L), 3, true, null, null, null, null, null));
    }
    dev.baton.bench.trace.TraceFile.write(trace, records);
    Path file = dir.resolve("replayed.json");
    int status = run("--url", server.url(), "--model", "m", "--api-key", "k", "--trace",
        trace.toString(), "--speedup", "2", "--label", "replayed", "--out", file.toString(),
        "--quiet");

    // Some requests succeeded: status 0. The fake server's fourth request is its 500.
    assertThat(status).as(err.toString()).isZero();
    BenchSummary summary = BenchSummary.fromJson(Files.readString(file));
    assertThat(summary.requests()).isEqualTo(4);
    assertThat(summary.ok()).isEqualTo(3);
    assertThat(summary.workload()).isEqualTo("trace");
    assertThat(summary.qps()).isEqualTo(5.0);
    var received = server.received();
    assertThat(received).hasSize(4).allSatisfy(r -> {
      assertThat(r.path()).isEqualTo("/v1/completions");
      assertThat(r.authorization()).isEqualTo("Bearer k");
      assertThat(r.body().getInteger("max_tokens")).isEqualTo(3);
    });
    // 400 ms apart in the trace, 200 ms at twice the speed: 600 ms from the first to the last,
    // less however late the first one left (its connection is opened first).
    long span = received.get(3).arrivalNanos() - received.get(0).arrivalNanos();
    assertThat(span).isGreaterThan(400_000_000L);
  }
}
