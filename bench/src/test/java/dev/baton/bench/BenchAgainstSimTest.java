package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.bench.client.ApiEndpoint;
import dev.baton.bench.workload.WorkloadKind;
import dev.baton.bench.workload.WorkloadSpec;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.sim.junit.SimWorkersExtension;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The generator against the simulated vLLM worker: real engine timing, usage and faults. */
class BenchAgainstSimTest {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension
  static SimWorkersExtension sims = SimWorkersExtension.of(1, SimConfig.defaults().withSpeed(50));

  /** The generator gets its own event loops, as it would in its own process. */
  private Vertx vertx;

  @BeforeEach
  void setUp() {
    sims.resetAll();
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  }

  @AfterEach
  void tearDown() {
    Await.result(vertx.close(), WAIT);
  }

  private static SimWorker worker() {
    return sims.worker(0);
  }

  private static BenchOptions.Builder options(WorkloadSpec workload) {
    // A short request timeout turns a stuck simulator into counted timeouts, not a stuck test.
    return BenchOptions.builder(worker().baseUrl()).concurrency(4).requests(24)
        .requestTimeout(Duration.ofSeconds(10)).workload(workload);
  }

  @Test
  void sharedPrefixTrafficHitsThePrefixCacheAndRandomTrafficDoesNot() {
    WorkloadSpec shared = WorkloadSpec.defaults(WorkloadKind.SHARED_PREFIX)
        .withGroups(2).withSystemTokens(512).withQuestionTokens(16).withOutputTokens(12);
    BenchSummary sharedRun = Await.result(BenchRunner.run(vertx, options(shared).build()), WAIT);

    assertThat(sharedRun.model()).isEqualTo(SimConfig.DEFAULT_MODEL);
    assertThat(sharedRun.errorSamples()).isEmpty();
    assertThat(sharedRun.ok()).isEqualTo(24);
    assertThat(sharedRun.errors()).isZero();
    assertThat(worker().stats().requestsReceived()).isEqualTo(24);
    // ignore_eos makes every answer exactly max_tokens long; the usage chunk says so.
    assertThat(sharedRun.outputTokens()).isEqualTo(24 * 12);
    assertThat(sharedRun.itlMs().count()).isPositive();
    assertThat(sharedRun.ttftMs().p50()).isLessThanOrEqualTo(sharedRun.e2eMs().p50());
    assertThat(sharedRun.promptTokens()).isGreaterThan(24L * 512);
    double sharedHitRate = (double) sharedRun.cachedPromptTokens() / sharedRun.promptTokens();

    sims.resetAll();
    WorkloadSpec random = WorkloadSpec.defaults(WorkloadKind.RANDOM)
        .withQuestionTokens(528).withOutputTokens(12);
    BenchSummary randomRun = Await.result(BenchRunner.run(vertx, options(random)
        .endpoint(ApiEndpoint.COMPLETIONS).build()), WAIT);

    assertThat(randomRun.errorSamples()).isEmpty();
    assertThat(randomRun.ok()).isEqualTo(24);
    double randomHitRate = (double) randomRun.cachedPromptTokens() / randomRun.promptTokens();
    // 2 groups of 24 requests: all but the first two prompts should find the group context cached.
    assertThat(sharedHitRate).isGreaterThan(0.5);
    assertThat(randomHitRate).isLessThan(0.1);
  }

  @Test
  void multiTurnConversationsReuseTheirGrowingContext() {
    WorkloadSpec turns = WorkloadSpec.defaults(WorkloadKind.MULTI_TURN)
        .withTurns(4).withSystemTokens(200).withQuestionTokens(20).withOutputTokens(16);
    BenchSummary summary = Await.result(BenchRunner.run(vertx, options(turns)
        .concurrency(2).requests(16).build()), WAIT);

    assertThat(summary.ok()).isEqualTo(16);
    assertThat(summary.cachedPromptTokens()).isPositive();
  }

  @Test
  void aRunWithATtftObjectiveHeaderReportsTheShareWithinIt() {
    WorkloadSpec small = WorkloadSpec.defaults(WorkloadKind.RANDOM)
        .withQuestionTokens(16).withOutputTokens(4);
    // An hour: every first token is within it. A microsecond: none is.
    BenchSummary loose = Await.result(BenchRunner.run(vertx, options(small).requests(4)
        .header("x-llm-d-slo-ttft-ms", "3600000").build()), WAIT);
    BenchSummary tight = Await.result(BenchRunner.run(vertx, options(small).requests(4)
        .header("X-Slo-Ttft-Ms", "0.001").build()), WAIT);
    BenchSummary none = Await.result(BenchRunner.run(vertx, options(small).requests(4).build()),
        WAIT);

    assertThat(loose.ttftObjectiveMs()).isEqualTo(3_600_000.0);
    assertThat(loose.ttftWithinObjective()).isEqualTo(1.0);
    assertThat(tight.ttftWithinObjective()).isEqualTo(0.0);
    assertThat(none.ttftObjectiveMs()).isNull();
    assertThat(none.ttftWithinObjective()).isNull();
    assertThat(BenchSummary.fromJson(loose.toJson())).isEqualTo(loose);
  }

  @Test
  void classifiesTheSimulatorsInjectedFaults() {
    WorkloadSpec small = WorkloadSpec.defaults(WorkloadKind.RANDOM)
        .withQuestionTokens(32).withOutputTokens(8);

    BenchSummary errors = Await.result(BenchRunner.run(vertx, options(small)
        .requests(4).requestTimeout(Duration.ofSeconds(10)).header("X-Sim-Fault", "error-503")
        .build()), WAIT);
    assertThat(errors.errorsByKind()).containsEntry("http_5xx", 4L);

    BenchSummary drops = Await.result(BenchRunner.run(vertx, options(small)
        .requests(4).requestTimeout(Duration.ofSeconds(10)).header("X-Sim-Fault", "drop-after:3")
        .build()), WAIT);
    assertThat(drops.errorsByKind()).containsEntry("incomplete", 4L);

    BenchSummary hangs = Await.result(BenchRunner.run(vertx, options(small)
        .requests(2).requestTimeout(Duration.ofMillis(500)).header("X-Sim-Fault", "hang").build()),
        WAIT);
    assertThat(hangs.errorsByKind()).containsEntry("timeout", 2L);
  }
}
