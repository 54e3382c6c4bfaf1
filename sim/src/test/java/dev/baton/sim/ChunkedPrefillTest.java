package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpClientRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Chunked prefill keeps running streams flowing: a 30k-token prompt is cut into 8k-token steps, so
 * a decode running beside it never waits a whole prefill. Read from the engine's tokens-per-step
 * histogram ({@code vllm:iteration_tokens_total}): what each step computed does not depend on how
 * promptly a loaded machine runs the simulator's timers, as the simulated latencies partly do.
 */
class ChunkedPrefillTest {

  @RegisterExtension
  static SimFixture sims = SimFixture.clientOnly();

  /** Fraction of engine steps of at most {@code le} tokens while a long prompt ran beside a stream. */
  static double stepShareUnder(SimConfig config, String le) {
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
      double under = Metrics.value(metrics, "vllm:iteration_tokens_total_bucket", "le=\"" + le + "\"");
      double all = Metrics.value(metrics, "vllm:iteration_tokens_total_count");
      return under / all;
    } finally {
      Await.result(w.close());
    }
  }

  @Test
  void longPromptDoesNotStallRunningStreams() {
    SimConfig base = SimConfig.defaults().withSpeed(2);
    // Chunks of 8,192 tokens: no step computes more than a chunk and the stream's one token, so the
    // stream gets a token every ~0.25 s simulated.
    assertThat(stepShareUnder(base, "16384.0")).isEqualTo(1.0);
    // One 30k-token step: the stream waits ~0.9 s simulated for it.
    assertThat(stepShareUnder(base.withMaxNumBatchedTokens(32_768), "16384.0")).isLessThan(1.0);
  }
}
