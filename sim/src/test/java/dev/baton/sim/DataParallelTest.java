package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.sim.kvevents.KvEventSettings;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker of four data-parallel ranks behind one port: {@code X-data-parallel-rank} picks the
 * engine, requests without it spread over the ranks, each rank's cache and metrics are its own, and
 * each rank publishes its KV events on the event ports plus its rank.
 */
class DataParallelTest {

  @RegisterExtension static SimFixture sims = SimFixture.clientOnly();

  // BOS + 100 words: 6 full blocks of 16, enough for prefix hits to count.
  private static final String PROMPT = "Once" + " upon".repeat(99) + " end";

  private SimWorker worker;

  @BeforeEach
  void start() {
    worker = Await.result(SimWorker.start(sims.vertx(), SimConfig.defaults().withSpeed(100),
        KvEventSettings.onFreePorts(), Flavor.VLLM, 4));
  }

  @AfterEach
  void stop() {
    Await.result(worker.close());
  }

  private RankResponse send(String rank) {
    var headers = rank == null ? Map.<String, String>of() : Map.of("X-data-parallel-rank", rank);
    var r = sims.http().post(worker, "/v1/completions",
        "{\"prompt\":\"" + PROMPT + "\",\"max_tokens\":4}", headers);
    return new RankResponse(r.status(), r.body());
  }

  private record RankResponse(int status, String body) {}

  @Test
  void thePinnedRankRunsTheRequestAndKeepsThePrefixInItsOwnCache() {
    for (int i = 0; i < 3; i++) {
      assertThat(send("2").status()).isEqualTo(200);
    }
    assertThat(worker.stats(2).requestsCompleted()).isEqualTo(3);
    assertThat(worker.stats(2).prefixCacheHits()).isGreaterThan(0);
    for (int r : new int[] {0, 1, 3}) {
      assertThat(worker.stats(r).requestsReceived()).as("rank %d", r).isZero();
    }
    // The same prompt on another rank is a miss there: each rank has its own cache.
    assertThat(send("0").status()).isEqualTo(200);
    assertThat(worker.stats(0).prefixCacheHits()).isZero();
    assertThat(worker.stats().requestsCompleted()).isEqualTo(4);
  }

  @Test
  void requestsWithoutTheHeaderSpreadOverTheRanks() {
    for (int i = 0; i < 8; i++) {
      assertThat(send(null).status()).isEqualTo(200);
    }
    assertThat(IntStream.range(0, 4).mapToLong(r -> worker.stats(r).requestsReceived()))
        .containsExactly(2L, 2L, 2L, 2L);
  }

  @Test
  void aRankOutsideTheServerIsABadRequest() {
    RankResponse r = send("4");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("X-data-parallel-rank");
    assertThat(send("two").status()).isEqualTo(400);
    assertThat(worker.stats().requestsReceived()).isZero();
  }

  @Test
  void metricsCarryOneSeriesPerRankAndEventsComeOnPortPlusRank() {
    send("3");
    String metrics = sims.http().get(worker, "/metrics").body();
    for (int r = 0; r < 4; r++) {
      assertThat(metrics).contains("vllm:num_requests_running{engine=\"" + r + "\"",
          "vllm:kv_cache_usage_perc{engine=\"" + r + "\"");
    }
    assertThat(metrics).containsPattern("vllm:prefix_cache_queries_total\\{engine=\"3\",[^}]*} [1-9]");
    int base = worker.kvEvents(0).port();
    int replay = worker.kvEvents(0).replayPort();
    for (int r = 1; r < 4; r++) {
      assertThat(worker.kvEvents(r).port()).isEqualTo(base + r);
      assertThat(worker.kvEvents(r).replayPort()).isEqualTo(replay + r);
    }
    Await.until("rank 3 published its stored blocks", () -> worker.kvEvents(3).batches() > 0);
    assertThat(worker.kvEvents(0).batches()).isZero();
  }
}
