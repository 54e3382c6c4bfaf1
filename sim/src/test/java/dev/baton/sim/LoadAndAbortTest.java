package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpClientRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Metrics follow the load, and a client that leaves frees its sequence at once. */
class LoadAndAbortTest {

  // Real-time speed, two seats: long answers stay running while the test looks.
  @RegisterExtension
  static SimFixture sims = SimFixture.workers(1, SimConfig.defaults().withMaxNumSeqs(2).withKvBlocks(1000))
      .resetBeforeEach();

  static final String LONG = "{\"prompt\":\"Tell me everything\",\"max_tokens\":10000,\"ignore_eos\":true,"
      + "\"stream\":true}";

  @Test
  void metricsMoveWithLoadAndAbortsFreeEverything() {
    SimWorker w = sims.worker(0);
    List<HttpClientRequest> open = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      open.add(sims.http().open(w, "/v1/completions", LONG, Map.of()));
    }
    try {
      Await.until("two running, three waiting", () -> w.stats().running() == 2 && w.stats().waiting() == 3);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + " " + w.stats(), e);
    }
    Await.until("tokens flow", () -> w.stats().generationTokens() > 4);
    String metrics = sims.http().get(w, "/metrics").body();
    String model = "model_name=\"" + SimConfig.DEFAULT_MODEL + "\"";
    assertThat(Metrics.value(metrics, "vllm:num_requests_running", model)).isEqualTo(2);
    assertThat(Metrics.value(metrics, "vllm:num_requests_waiting", model)).isEqualTo(3);
    assertThat(Metrics.value(metrics, "vllm:kv_cache_usage_perc", model)).isGreaterThan(0);
    assertThat(Metrics.value(metrics, "vllm:prompt_tokens_total", model)).isGreaterThan(0);
    assertThat(Metrics.value(metrics, "vllm:generation_tokens_total", model)).isGreaterThan(0);
    // Steps ran, so the simulated GPU was busy: what a benchmark prices per class.
    assertThat(Metrics.value(metrics, "sim:gpu_busy_seconds", model)).isGreaterThan(0);
    assertThat(Metrics.value(metrics, "vllm:time_to_first_token_seconds_count", model)).isEqualTo(2);
    assertThat(metrics).contains("vllm:cache_config_info{block_size=\"16\"")
        .contains("num_gpu_blocks=\"1000\"")
        .contains("vllm:lora_requests_info{max_lora=\"4\"")
        .contains("vllm:num_preemptions_total{")
        .contains("vllm:request_success_total{")
        .contains("vllm:inter_token_latency_seconds_bucket{")
        .contains("vllm:e2e_request_latency_seconds_bucket{")
        .contains("vllm:request_queue_time_seconds_bucket{")
        .contains("vllm:request_prefill_time_seconds_bucket{")
        .contains("vllm:request_decode_time_seconds_bucket{")
        .contains("engine=\"0\"");

    for (HttpClientRequest r : open) {
      r.connection().close();
    }
    Await.until("all aborted", () -> w.stats().requestsAborted() == 5);
    Await.until("engine empty", () -> w.stats().running() == 0 && w.stats().waiting() == 0
        && w.stats().usedBlocks() == 0);
    String after = sims.http().get(w, "/metrics").body();
    assertThat(Metrics.value(after, "vllm:num_requests_running", model)).isZero();
    assertThat(Metrics.value(after, "vllm:kv_cache_usage_perc", model)).isZero();
    assertThat(w.stats().requestsCompleted()).isZero();
    // vLLM counts a request its client left as finished with reason abort.
    assertThat(Metrics.value(after, "vllm:request_success_total", "finished_reason=\"abort\""))
        .isEqualTo(5);
    assertThat(Metrics.value(after, "vllm:request_success_total", "finished_reason=\"length\""))
        .isZero();
  }

  @Test
  void aPortInUseIsNamedInTheError() throws Exception {
    SimWorker first = sims.worker(0);
    Throwable failure = Await.failure(SimWorker.start(sims.vertx(),
        SimConfig.defaults().withHost(first.host()).withPort(first.port())));
    assertThat(failure.getMessage()).contains("HTTP API").contains(first.host() + ":" + first.port());
  }

  @Test
  void requestsQueueWhenTheKvCacheIsFull() throws Exception {
    SimWorker small = Await.result(SimWorker.start(sims.vertx(),
        SimConfig.defaults().withSpeed(20).withKvBlocks(20).withMaxModelLen(300)));
    try {
      // 200 words + BOS need 13 blocks each: the second waits for the first to finish.
      String prompt = "{\"prompt\":\"" + "many ".repeat(200).trim() + "\",\"max_tokens\":16,\"ignore_eos\":true}";
      var a = sims.http().send(small, io.vertx.core.http.HttpMethod.POST, "/v1/completions", prompt, Map.of());
      var b = sims.http().send(small, io.vertx.core.http.HttpMethod.POST, "/v1/completions", prompt, Map.of());
      Await.until("one waits", () -> small.stats().waiting() == 1 || a.isComplete() || b.isComplete());
      assertThat(Await.result(a).status()).isEqualTo(200);
      assertThat(Await.result(b).status()).isEqualTo(200);
      assertThat(small.stats().usedBlocks()).isZero();
    } finally {
      Await.result(small.close());
    }
  }
}
