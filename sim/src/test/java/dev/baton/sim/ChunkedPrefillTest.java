package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpClientRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Chunked prefill keeps running streams flowing: a 30k-token prompt is cut into 8k-token steps, so
 * a decode running beside it never waits a whole prefill. Read from the simulated inter-token latency
 * histogram (simulated seconds, independent of the machine's load).
 */
class ChunkedPrefillTest {

  @RegisterExtension
  static SimFixture sims = SimFixture.clientOnly();

  /** Fraction of inter-token latencies at or under {@code le} seconds after a long prompt ran beside a stream. */
  static double itlShareUnder(SimConfig config, String le) {
    SimWorker w = Await.result(SimWorker.start(sims.vertx(), config));
    try {
      HttpClientRequest stream = sims.http().open(w, "/v1/completions",
          "{\"prompt\":\"keep talking\",\"max_tokens\":100000,\"ignore_eos\":true,\"stream\":true}", Map.of());
      Await.until("the stream is decoding", () -> w.stats().generationTokens() > 3);
      String longPrompt = "w" + " w".repeat(29_998);
      assertThat(sims.http().post(w, "/v1/completions",
          "{\"prompt\":\"" + longPrompt + "\",\"max_tokens\":1}").status())
          .isEqualTo(200);
      stream.connection().close();
      Await.until("the stream is aborted", () -> w.stats().running() == 0);
      String metrics = sims.http().get(w, "/metrics").body();
      double under = Metrics.value(metrics, "vllm:inter_token_latency_seconds_bucket", "le=\"" + le + "\"");
      double all = Metrics.value(metrics, "vllm:inter_token_latency_seconds_count");
      return under / all;
    } finally {
      Await.result(w.close());
    }
  }

  @Test
  void longPromptDoesNotStallRunningStreams() {
    // Speed 2, not faster: a busy machine delays the step timers by tens of milliseconds, which
    // a higher speed would multiply into simulated gaps the engine model never made.
    SimConfig base = SimConfig.defaults().withSpeed(2);
    // Chunks of 8192 tokens: every step is ~0.25 s simulated, well under the 0.4 s bucket.
    assertThat(itlShareUnder(base, "0.4")).isEqualTo(1.0);
    // One 30k-token step: ~0.9 s simulated, seen by the running stream as one long gap.
    assertThat(itlShareUnder(base.withMaxNumBatchedTokens(32_768), "0.75")).isLessThan(1.0);
  }
}
