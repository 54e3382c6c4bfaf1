package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The simulator as an SGLang prefill/decode pair, driven the way SGLang's router drives one: the
 * same body to both at once with bootstrap host, port and room; the decode takes the room's KV from
 * the prefill's bootstrap server once the prefill filled it.
 */
class SglangModeTest {

  @RegisterExtension static SimFixture sims = SimFixture.clientOnly();

  // BOS + 200 words = 201 tokens = 13 blocks of 16.
  static final String PROMPT = "Once" + " upon".repeat(198) + " end";

  private SimWorker prefill;
  private SimWorker decode;

  @BeforeEach
  void start() {
    SimConfig config = SimConfig.defaults().withSpeed(50);
    prefill = Await.result(SimWorker.start(sims.vertx(), config, null, Flavor.SGLANG_PREFILL));
    decode = Await.result(SimWorker.start(sims.vertx(), config, null, Flavor.SGLANG_DECODE));
  }

  @AfterEach
  void stop() {
    Await.result(Future.join(prefill.close(), decode.close()));
  }

  private String body(String prompt, String rooms) {
    return "{\"prompt\":" + prompt + ",\"max_tokens\":8,\"ignore_eos\":true,"
        + "\"bootstrap_host\":\"" + prefill.host() + "\",\"bootstrap_port\":" + prefill.kvPort()
        + ",\"bootstrap_room\":" + rooms + "}";
  }

  @Test
  void serverInfoAndMetricsSpeakSglang() {
    JsonNode info = sims.http().get(prefill, "/server_info").json();
    assertThat(info.get("disaggregation_mode").asText()).isEqualTo("prefill");
    assertThat(info.get("disaggregation_bootstrap_port").asInt()).isEqualTo(prefill.kvPort());
    assertThat(info.get("dp_size").asInt()).isEqualTo(1);
    assertThat(sims.http().get(decode, "/server_info").json().get("disaggregation_mode").asText())
        .isEqualTo("decode");
    String metrics = sims.http().get(prefill, "/metrics").body();
    assertThat(metrics).contains("sglang:num_running_reqs{", "sglang:num_queue_reqs{",
        "sglang:token_usage{", "sglang:cache_hit_rate{").doesNotContain("vllm:");
  }

  @Test
  void theDecodeSentFirstWaitsForItsRoomThenDecodesFromThePrefillsKv() {
    String body = body("\"" + PROMPT + "\"", "12345");
    // The decode goes first: it must wait on the bootstrap server, not fall back or fail.
    Future<Http.Response> d = sims.http().send(decode, io.vertx.core.http.HttpMethod.POST, "/v1/completions",
        body, Map.of());
    Http.Response p = sims.http().post(prefill, "/v1/completions", body);
    assertThat(p.status()).isEqualTo(200);
    assertThat(p.json().get("usage").get("completion_tokens").asInt()).isEqualTo(1);
    assertThat(p.json().path("kv_transfer_params").isObject()).as("no NIXL handle").isFalse();
    Http.Response answer = Await.result(d);
    assertThat(answer.status()).isEqualTo(200);
    JsonNode usage = answer.json().get("usage");
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(8);
    assertThat(usage.get("prompt_tokens_details").get("cached_tokens").asInt()).isEqualTo(200);
    assertThat(decode.stats().kvTransfersIn()).isEqualTo(1);
    assertThat(prefill.stats().heldBlocks()).isZero();
  }

  @Test
  void aBatchHoldsOneRoomPerPromptAndTheDecodeTakesThemAll() {
    String body = body("[\"" + PROMPT + "\",\"" + PROMPT + " again\"]", "[7, 8]");
    Http.Response p = sims.http().post(prefill, "/v1/completions", body);
    assertThat(p.status()).isEqualTo(200);
    assertThat(prefill.stats().heldBlocks()).isPositive();
    Http.Response d = sims.http().post(decode, "/v1/completions", body);
    assertThat(d.status()).isEqualTo(200);
    assertThat(d.json().get("choices")).hasSize(2);
    assertThat(prefill.stats().heldBlocks()).isZero();
  }

  @Test
  void aRoomOnAnUnknownBootstrapServerFailsTheDecode() {
    String body = body("\"hi\"", "1").replace("\"bootstrap_port\":" + prefill.kvPort(), "\"bootstrap_port\":1");
    Http.Response d = sims.http().post(decode, "/v1/completions", body);
    assertThat(d.status()).isEqualTo(500);
    assertThat(d.json().get("error").get("message").asText()).contains("is not a known peer");
  }
}
