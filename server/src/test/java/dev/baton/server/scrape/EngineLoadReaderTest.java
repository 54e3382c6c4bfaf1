package dev.baton.server.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.baton.router.endpoint.EngineLoad;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngineLoadReaderTest {
  private final EngineLoadReader reader = new EngineLoadReader();
  private final PrometheusTextParser parser = new PrometheusTextParser(reader);

  @Test
  void readsAVllmEngine() {
    EngineLoad load = read(MetricsFixtures.VLLM, 77L).orElseThrow();

    assertThat(load.running()).isEqualTo(3);
    assertThat(load.waiting()).isEqualTo(1);
    assertThat(load.kvCacheUsage()).isEqualTo(0.4215);
    assertThat(load.scrapedAtNanos()).isEqualTo(77L);
    // vLLM keeps stale lora_requests_info series around; the newest one is current.
    assertThat(load.maxLoras()).isEqualTo(4);
    assertThat(load.activeLoras()).containsExactlyInAnyOrder("sql-lora", "chat-lora");
  }

  @Test
  void sumsCountsAndAveragesCacheUsageOverDataParallelEnginesWithTheOldName() {
    EngineLoad load = read(MetricsFixtures.VLLM_OLD_DATA_PARALLEL, 1L).orElseThrow();

    assertThat(load.running()).isEqualTo(10);
    assertThat(load.waiting()).isEqualTo(2);
    assertThat(load.kvCacheUsage()).isCloseTo(0.4, within(1e-9));
    assertThat(load.maxLoras()).isZero();
    assertThat(load.activeLoras()).isEmpty();
  }

  @Test
  void prefersTheCurrentCacheUsageNameWhenBothArePresent() {
    EngineLoad load =
        read(
                """
                vllm:gpu_cache_usage_perc{engine="0"} 0.9
                vllm:kv_cache_usage_perc{engine="0"} 0.3
                """,
                1L)
            .orElseThrow();

    assertThat(load.kvCacheUsage()).isEqualTo(0.3);
  }

  @Test
  void readsAnSglangServer() {
    EngineLoad load = read(MetricsFixtures.SGLANG, 5L).orElseThrow();

    assertThat(load.running()).isEqualTo(5);
    assertThat(load.waiting()).isEqualTo(2);
    assertThat(load.kvCacheUsage()).isEqualTo(0.28);
  }

  @Test
  void aBodyWithoutEngineMetricsGivesNoLoad() {
    assertThat(read(MetricsFixtures.NO_ENGINE_METRICS, 1L)).isEmpty();
  }

  @Test
  void missingMetricsReadAsZeroWhenOthersArePresent() {
    EngineLoad load = read("vllm:num_requests_waiting{engine=\"0\"} 6.0\n", 1L).orElseThrow();

    assertThat(load.waiting()).isEqualTo(6);
    assertThat(load.running()).isZero();
    assertThat(load.kvCacheUsage()).isZero();
  }

  @Test
  void nonFiniteOrOutOfRangeValuesAreClamped() {
    EngineLoad load =
        read(
                """
                vllm:num_requests_running NaN
                vllm:num_requests_waiting -3
                vllm:kv_cache_usage_perc 1.7
                """,
                1L)
            .orElseThrow();

    assertThat(load.running()).isZero();
    assertThat(load.waiting()).isZero();
    assertThat(load.kvCacheUsage()).isEqualTo(1.0);
  }

  @Test
  void talliesStartAfreshForEachBody() {
    read(MetricsFixtures.VLLM, 1L);
    EngineLoad second = read(MetricsFixtures.vllm(1, 0, 0.1), 2L).orElseThrow();

    assertThat(second.running()).isEqualTo(1);
    assertThat(second.activeLoras()).isEmpty();
  }

  private Optional<EngineLoad> read(String body, long nanos) {
    parser.feed(Buffer.buffer(body));
    parser.end();
    return reader.finish(nanos);
  }
}
