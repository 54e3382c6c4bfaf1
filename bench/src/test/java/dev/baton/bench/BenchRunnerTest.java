package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.bench.FakeOpenAiServer.Fault;
import dev.baton.bench.client.ApiEndpoint;
import dev.baton.bench.stats.LatencySummary;
import dev.baton.bench.workload.WorkloadKind;
import dev.baton.bench.workload.WorkloadSpec;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BenchRunnerTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private Vertx vertx;
  private FakeOpenAiServer server;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    Await.result(vertx.close(), WAIT);
  }

  private static WorkloadSpec small(WorkloadKind kind, int outputTokens) {
    return WorkloadSpec.defaults(kind).withSystemTokens(50).withQuestionTokens(10)
        .withOutputTokens(outputTokens);
  }

  @Test
  void countsRequestsAndTokensFromTheUsageChunk() {
    server = FakeOpenAiServer.start(vertx, 2, true, i -> Fault.NONE);
    BenchSummary summary = Await.result(BenchRunner.run(vertx, BenchOptions.builder(server.url())
        .model("m").concurrency(4).requests(40).workload(small(WorkloadKind.SHARED_PREFIX, 10))
        .build()), WAIT);

    assertThat(server.requests()).isEqualTo(40);
    assertThat(summary.requests()).isEqualTo(40);
    assertThat(summary.ok()).isEqualTo(40);
    assertThat(summary.errors()).isZero();
    assertThat(summary.errorsByKind()).containsOnlyKeys(
        "http_4xx", "http_5xx", "connect", "timeout", "stream_error", "incomplete");
    assertThat(summary.outputTokens()).isEqualTo(400);
    assertThat(summary.promptTokens()).isEqualTo(4000);
    assertThat(summary.cachedPromptTokens()).isEqualTo(2400);
    assertThat(summary.ttftMs().count()).isEqualTo(40);
    assertThat(summary.e2eMs().count()).isEqualTo(40);
    assertThat(summary.itlMs().count()).isEqualTo(40 * 9);
    assertThat(summary.sendLagMs().count()).isEqualTo(40);
    assertOrdered(summary.ttftMs());
    assertOrdered(summary.itlMs());
    assertOrdered(summary.e2eMs());
    // The server waits 2 ms between tokens: gaps cannot be much shorter, and a request spans its
    // first token plus nine gaps.
    assertThat(summary.itlMs().p50()).isGreaterThanOrEqualTo(1.0);
    assertThat(summary.e2eMs().p50()).isGreaterThan(summary.ttftMs().p50());
    assertThat(summary.e2eMs().mean()).isGreaterThanOrEqualTo(summary.ttftMs().mean() + 9 * 1.0);
    assertThat(summary.requestsPerS()).isPositive();
    assertThat(summary.outputTokensPerS()).isEqualTo(summary.requestsPerS() * 10, within(0.5));
    assertThat(summary.mode()).isEqualTo("closed-loop");
    assertThat(summary.concurrency()).isEqualTo(4);
    assertThat(summary.qps()).isNull();
  }

  @Test
  void countsContentChunksWhenTheServerSendsNoUsage() {
    server = FakeOpenAiServer.start(vertx, 0, false, i -> Fault.NONE);
    BenchSummary summary = Await.result(BenchRunner.run(vertx, BenchOptions.builder(server.url())
        .model("m").endpoint(ApiEndpoint.COMPLETIONS).concurrency(3).requests(15)
        .workload(small(WorkloadKind.RANDOM, 7)).build()), WAIT);

    assertThat(summary.ok()).isEqualTo(15);
    assertThat(summary.outputTokens()).isEqualTo(15 * 7);
    assertThat(summary.promptTokens()).isZero();
    assertThat(server.received()).allSatisfy(r -> {
      assertThat(r.path()).isEqualTo("/v1/completions");
      assertThat(r.body().getString("prompt")).startsWith("Request ");
    });
  }

  @Test
  void classifiesEveryKindOfFailure() {
    List<Fault> cycle = List.of(Fault.NONE, Fault.STATUS_500, Fault.STATUS_400,
        Fault.DROP_MID_STREAM, Fault.ERROR_EVENT, Fault.NO_DONE);
    server = FakeOpenAiServer.start(vertx, 1, true, i -> cycle.get(i % cycle.size()));
    BenchSummary summary = Await.result(BenchRunner.run(vertx, BenchOptions.builder(server.url())
        .model("m").concurrency(3).requests(24).workload(small(WorkloadKind.RANDOM, 6))
        .build()), WAIT);

    assertThat(summary.requests()).isEqualTo(24);
    assertThat(summary.ok()).isEqualTo(4);
    assertThat(summary.errors()).isEqualTo(20);
    assertThat(summary.errorsByKind()).containsEntry("http_5xx", 4L).containsEntry("http_4xx", 4L)
        .containsEntry("stream_error", 4L).containsEntry("incomplete", 8L)
        .containsEntry("timeout", 0L).containsEntry("connect", 0L);
    assertThat(summary.errorSamples().get("http_4xx")).contains("400").contains("bad prompt");
    assertThat(summary.errorSamples().get("stream_error")).contains("engine died");
    assertThat(summary.outputTokens()).isEqualTo(4 * 6);
    assertThat(summary.e2eMs().count()).isEqualTo(4);
  }

  @Test
  void abortsRequestsThatOutliveTheTimeout() {
    server = FakeOpenAiServer.start(vertx, 1, true,
        i -> i % 2 == 0 ? Fault.HANG : Fault.STALL_MID_STREAM);
    BenchSummary summary = Await.result(BenchRunner.run(vertx, BenchOptions.builder(server.url())
        .model("m").concurrency(2).requests(4).requestTimeout(Duration.ofMillis(300))
        .workload(small(WorkloadKind.RANDOM, 6)).build()), WAIT);

    assertThat(summary.errorsByKind()).containsEntry("timeout", 4L);
    assertThat(summary.ok()).isZero();
  }

  @Test
  void countsConnectFailures() {
    FakeOpenAiServer closed = FakeOpenAiServer.start(vertx, 0, true, i -> Fault.NONE);
    String url = closed.url();
    closed.close();
    BenchSummary summary = Await.result(BenchRunner.run(vertx, BenchOptions.builder(url)
        .model("m").concurrency(2).requests(6).build()), WAIT);

    assertThat(summary.errorsByKind()).containsEntry("connect", 6L);
    assertThat(summary.requests()).isEqualTo(6);
    // Each slot pauses after a refused connection instead of spinning.
    assertThat(summary.durationS()).isGreaterThanOrEqualTo(0.2);
  }

  @Test
  void poissonArrivalsGiveRoughlyTheRequestedRate() {
    server = FakeOpenAiServer.start(vertx, 0, true, i -> Fault.NONE);
    double qps = 40;
    int n = 160;
    BenchSummary summary = Await.result(BenchRunner.run(vertx, BenchOptions.builder(server.url())
        .model("m").qps(qps).requests(n).workload(small(WorkloadKind.RANDOM, 2)).build()), WAIT);

    assertThat(summary.ok()).isEqualTo(n);
    assertThat(summary.mode()).isEqualTo("open-loop");
    List<Long> arrivals = server.received().stream().map(r -> r.arrivalNanos()).sorted().toList();
    double spanS = (arrivals.get(n - 1) - arrivals.get(0)) / 1e9;
    double rate = (n - 1) / spanS;
    // One standard error of the rate is ~8% at n=160; allow about four.
    assertThat(rate).isBetween(qps * 0.7, qps * 1.4);
    // Poisson gaps vary as much as they average (coefficient of variation ~1); a fixed-rate sender
    // would be near 0.
    double mean = 0;
    for (int i = 1; i < n; i++) {
      mean += arrivals.get(i) - arrivals.get(i - 1);
    }
    mean /= n - 1;
    double variance = 0;
    for (int i = 1; i < n; i++) {
      double d = arrivals.get(i) - arrivals.get(i - 1) - mean;
      variance += d * d;
    }
    double cv = Math.sqrt(variance / (n - 2)) / mean;
    assertThat(cv).isBetween(0.6, 1.6);
    // Requests leave close to their scheduled arrival: the median lag stays within a few mean gaps
    // (a generator that fell behind would lag by seconds over this 4 s run; a loaded machine,
    // load average 25 here once, delays a send by tens of milliseconds, not more).
    assertThat(summary.sendLagMs().count()).isEqualTo(n);
    assertThat(summary.sendLagMs().p50()).isLessThan(10 * 1000 / qps);
  }

  @Test
  void warmupRequestsAreSentButNotMeasured() {
    server = FakeOpenAiServer.start(vertx, 5, true, i -> Fault.NONE);
    BenchSummary summary = Await.result(BenchRunner.run(vertx, BenchOptions.builder(server.url())
        .model("m").concurrency(2).warmup(Duration.ofMillis(400)).requests(10)
        .workload(small(WorkloadKind.RANDOM, 4)).build()), WAIT);

    assertThat(summary.warmupRequests()).isPositive();
    assertThat(summary.requests()).isEqualTo(10);
    assertThat(server.requests()).isEqualTo(10 + summary.warmupRequests());
  }

  @Test
  void closedLoopHoldsExactlyTheConcurrency() {
    server = FakeOpenAiServer.start(vertx, 40, true, i -> Fault.NONE);
    BenchSummary summary = Await.result(BenchRunner.run(vertx, BenchOptions.builder(server.url())
        .model("m").concurrency(5).requests(20).workload(small(WorkloadKind.RANDOM, 10))
        .build()), WAIT);

    assertThat(summary.ok()).isEqualTo(20);
    assertThat(server.maxActive()).isEqualTo(5);
  }

  @Test
  void closedLoopStartsMoreSlotsThanOneBatchAndHoldsThemAll() {
    // 200 slots: several start batches of 32 per lane; every stream lasts ~2 s, so all overlap.
    server = FakeOpenAiServer.start(vertx, 100, true, i -> Fault.NONE);
    BenchSummary summary = Await.result(BenchRunner.run(vertx, BenchOptions.builder(server.url())
        .model("m").concurrency(200).requests(200).workload(small(WorkloadKind.RANDOM, 20))
        .build()), WAIT);

    assertThat(summary.ok()).isEqualTo(200);
    assertThat(server.requests()).isEqualTo(200);
    assertThat(server.maxActive()).isEqualTo(200);
  }

  @Test
  void durationBoundsARunWithoutARequestLimit() {
    server = FakeOpenAiServer.start(vertx, 1, true, i -> Fault.NONE);
    BenchSummary summary = Await.result(BenchRunner.run(vertx, BenchOptions.builder(server.url())
        .model("m").concurrency(2).duration(Duration.ofMillis(500))
        .workload(small(WorkloadKind.RANDOM, 4)).build()), WAIT);

    assertThat(summary.ok()).isPositive();
    assertThat(summary.errors()).isZero();
    assertThat(summary.durationS()).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void aSlowOpenLoopStillStopsAtItsDeadline() {
    server = FakeOpenAiServer.start(vertx, 0, true, i -> Fault.NONE);
    // Arrivals average 10 s apart; the run must end at its 1 s deadline, not at the next arrival.
    BenchSummary summary = Await.result(BenchRunner.run(vertx, BenchOptions.builder(server.url())
        .model("m").qps(0.1).duration(Duration.ofSeconds(1)).build()), WAIT);

    assertThat(summary.errors()).isZero();
    assertThat(summary.durationS()).isBetween(1.0, 5.0);
  }

  @Test
  void sendsAStreamingChatBodyWithTheKeyAndDiscoversTheModel() {
    server = FakeOpenAiServer.start(vertx, 0, true, i -> Fault.NONE);
    BenchSummary summary = Await.result(BenchRunner.run(vertx, BenchOptions.builder(server.url())
        .apiKey("sk-test").concurrency(1).requests(2).workload(small(WorkloadKind.SHARED_PREFIX, 3))
        .build()), WAIT);

    assertThat(summary.model()).isEqualTo("fake-model");
    FakeOpenAiServer.Received first = server.received().get(0);
    assertThat(first.path()).isEqualTo("/v1/chat/completions");
    assertThat(first.authorization()).isEqualTo("Bearer sk-test");
    JsonObject body = first.body();
    assertThat(body.getString("model")).isEqualTo("fake-model");
    assertThat(body.getBoolean("stream")).isTrue();
    assertThat(body.getJsonObject("stream_options").getBoolean("include_usage")).isTrue();
    assertThat(body.getInteger("max_tokens")).isEqualTo(3);
    assertThat(body.getJsonArray("messages").getJsonObject(0).getString("role")).isEqualTo("system");
  }

  @Test
  void modelDiscoveryNeverStallsARun() {
    // Regression: discovery composed off its context sometimes lost the /v1/models body and hung.
    server = FakeOpenAiServer.start(vertx, 0, true, i -> Fault.NONE);
    for (int run = 0; run < 300; run++) {
      BenchSummary summary = Await.result(BenchRunner.run(vertx, BenchOptions.builder(server.url())
          .concurrency(1).requests(1).requestTimeout(Duration.ofSeconds(5))
          .workload(small(WorkloadKind.RANDOM, 2)).build()), Duration.ofSeconds(20));
      assertThat(summary.ok()).as("run %d", run).isEqualTo(1);
    }
  }

  @Test
  void failsClearlyWhenNoModelCanBeFound() {
    // One server has no model list, the other never answers it.
    HttpServer lost = Await.result(vertx.createHttpServer()
        .requestHandler(request -> request.response().setStatusCode(404).end()).listen(0), WAIT);
    HttpServer silent = Await.result(vertx.createHttpServer()
        .requestHandler(request -> { }).listen(0), WAIT);
    try {
      for (HttpServer target : List.of(lost, silent)) {
        String url = "http://127.0.0.1:" + target.actualPort();
        var run = BenchRunner.run(vertx, BenchOptions.builder(url)
            .concurrency(1).requests(1).requestTimeout(Duration.ofSeconds(1)).build());
        assertThat(run.toCompletionStage().toCompletableFuture())
            .failsWithin(WAIT)
            .withThrowableOfType(java.util.concurrent.ExecutionException.class)
            .withMessageContaining("no model given and none found");
      }
    } finally {
      Await.result(lost.close(), WAIT);
      Await.result(silent.close(), WAIT);
    }
  }

  @Test
  void multiTurnCarriesTheStreamedAnswerIntoTheNextTurn() {
    server = FakeOpenAiServer.start(vertx, 0, true, i -> Fault.NONE);
    Await.result(BenchRunner.run(vertx, BenchOptions.builder(server.url())
        .model("m").concurrency(1).requests(3)
        .workload(small(WorkloadKind.MULTI_TURN, 3).withTurns(3)).build()), WAIT);

    List<FakeOpenAiServer.Received> received = server.received();
    assertThat(received.get(0).body().getJsonArray("messages")).hasSize(2);
    var second = received.get(1).body().getJsonArray("messages");
    assertThat(second).hasSize(4);
    assertThat(second.getJsonObject(2).getString("role")).isEqualTo("assistant");
    assertThat(second.getJsonObject(2).getString("content")).isEqualTo("tok0 tok1 tok2 ");
    assertThat(received.get(2).body().getJsonArray("messages")).hasSize(6);
  }

  @Test
  void keepsUpWithManyConcurrentFastStreams() {
    server = FakeOpenAiServer.start(vertx, 1, true, i -> Fault.NONE);
    BenchSummary summary = Await.result(BenchRunner.run(vertx, BenchOptions.builder(server.url())
        .model("m").concurrency(256).requests(512).workload(small(WorkloadKind.RANDOM, 100))
        .build()), WAIT);

    // Hundreds of concurrent streams and ~51k events: every chunk is seen, none lost or doubled.
    assertThat(summary.ok()).isEqualTo(512);
    assertThat(summary.outputTokens()).isEqualTo(512 * 100);
    assertThat(summary.itlMs().count()).isEqualTo(512 * 99);
    assertThat(server.maxActive()).isGreaterThan(64);
  }

  private static void assertOrdered(LatencySummary latency) {
    assertThat(latency.p50()).isPositive();
    assertThat(latency.p50()).isLessThanOrEqualTo(latency.p90());
    assertThat(latency.p90()).isLessThanOrEqualTo(latency.p99());
    assertThat(latency.p99()).isLessThanOrEqualTo(latency.max());
    assertThat(latency.mean()).isBetween(0.0, latency.max());
  }

  private static org.assertj.core.data.Offset<Double> within(double value) {
    return org.assertj.core.data.Offset.offset(value);
  }
}
