package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** When decodes outgrow the KV cache the newest sequence is preempted, recomputed, and says the same. */
class PreemptionTest {

  @RegisterExtension
  static SimFixture sims = SimFixture.clientOnly();

  @Test
  void preemptedSequencesFinishWithTheSameText() {
    // Slow enough (~300 ms) for the two to overlap. 10 blocks of 16 = 160 tokens; two requests of 31 + 100 tokens need 9 blocks each at the end.
    SimWorker tight = Await.result(SimWorker.start(sims.vertx(),
        SimConfig.defaults().withSpeed(2).withKvBlocks(10).withMaxModelLen(150)));
    SimWorker roomy = Await.result(SimWorker.start(sims.vertx(), SimConfig.defaults().withSpeed(100)));
    try {
      String a = "{\"prompt\":\"" + "alpha ".repeat(30).trim() + "\",\"max_tokens\":100,\"ignore_eos\":true}";
      String b = "{\"prompt\":\"" + "beta ".repeat(30).trim() + "\",\"max_tokens\":100,\"ignore_eos\":true}";
      Future<Http.Response> fa = sims.http().send(tight, HttpMethod.POST, "/v1/completions", a, Map.of());
      Future<Http.Response> fb = sims.http().send(tight, HttpMethod.POST, "/v1/completions", b, Map.of());
      Http.Response ra = Await.result(fa);
      Http.Response rb = Await.result(fb);
      assertThat(ra.status()).isEqualTo(200);
      assertThat(rb.status()).isEqualTo(200);
      assertThat(tight.stats().preemptions()).isPositive();
      assertThat(tight.stats().usedBlocks()).isZero();
      assertThat(ra.json().get("usage").get("completion_tokens").asInt()).isEqualTo(100);
      assertThat(rb.json().get("usage").get("completion_tokens").asInt()).isEqualTo(100);
      assertThat(ra.json().get("choices").get(0).get("text").asText())
          .isEqualTo(sims.http().post(roomy, "/v1/completions", a).json().get("choices").get(0).get("text").asText());
      assertThat(rb.json().get("choices").get(0).get("text").asText())
          .isEqualTo(sims.http().post(roomy, "/v1/completions", b).json().get("choices").get(0).get("text").asText());
      String metrics = sims.http().get(tight, "/metrics").body();
      assertThat(Metrics.value(metrics, "vllm:num_preemptions_total")).isPositive();
    } finally {
      Await.result(tight.close());
      Await.result(roomy.close());
    }
  }
}
