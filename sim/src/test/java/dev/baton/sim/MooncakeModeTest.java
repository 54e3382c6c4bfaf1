package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The simulator as a vLLM {@code MooncakeConnector} prefill/decode pair, driven as vLLM's Mooncake
 * proxy drives one: the engine ids read from the prefill's bootstrap {@code GET /query}, the
 * prefill pinned to a rank with {@code X-data-parallel-rank}, both legs at once under one
 * {@code transfer_id}; the decode takes that rank's KV once the prefill holds it.
 */
class MooncakeModeTest {

  @RegisterExtension static SimFixture sims = SimFixture.clientOnly();

  // BOS + 200 words = 201 tokens = 13 blocks of 16.
  static final String PROMPT = "Once" + " upon".repeat(198) + " end";

  private SimWorker prefill;
  private SimWorker decode;

  @BeforeEach
  void start() {
    SimConfig config = SimConfig.defaults().withSpeed(50);
    prefill = Await.result(SimWorker.start(sims.vertx(), config, null, Flavor.VLLM, 2));
    decode = Await.result(SimWorker.start(sims.vertx(), config));
  }

  @AfterEach
  void stop() {
    Await.result(Future.join(prefill.close(), decode.close()));
  }

  /** The prefill's bootstrap server's answer to {@code GET /query}. */
  private JsonNode query() {
    try {
      java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(
              "http://" + prefill.host() + ":" + prefill.kvPort() + "/query")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    } catch (java.io.IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theDecodeSentFirstWaitsForTheTransferOfThePinnedRank() {
    JsonNode ranks = query();
    assertThat(ranks.size()).isEqualTo(2);
    String engine1 = ranks.path("1").path("engine_id").asText();
    assertThat(engine1).isNotEmpty().isNotEqualTo(ranks.path("0").path("engine_id").asText());

    String decodeBody = "{\"prompt\":\"" + PROMPT + "\",\"max_tokens\":8,\"ignore_eos\":true,"
        + "\"kv_transfer_params\":{\"do_remote_decode\":false,\"do_remote_prefill\":true,"
        + "\"transfer_id\":\"xfer-1\",\"remote_bootstrap_addr\":\"http://" + prefill.host() + ":"
        + prefill.kvPort() + "\",\"remote_engine_id\":\"" + engine1 + "\"}}";
    Future<Http.Response> d = sims.http().send(decode, HttpMethod.POST, "/v1/completions",
        decodeBody, Map.of());
    Http.Response p = sims.http().post(prefill, "/v1/completions",
        "{\"prompt\":\"" + PROMPT + "\",\"max_tokens\":1,\"stream\":false,\"kv_transfer_params\":"
            + "{\"do_remote_decode\":true,\"do_remote_prefill\":false,\"transfer_id\":\"xfer-1\"}}",
        Map.of("X-data-parallel-rank", "1"));
    assertThat(p.status()).isEqualTo(200);
    Http.Response answer = Await.result(d);
    assertThat(answer.status()).isEqualTo(200);
    JsonNode usage = answer.json().get("usage");
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(8);
    assertThat(usage.get("prompt_tokens_details").get("cached_tokens").asInt()).isEqualTo(200);
    assertThat(decode.stats().kvTransfersIn()).isEqualTo(1);
    assertThat(decode.stats().localPrefillFallbacks()).isZero();
    assertThat(prefill.stats().heldBlocks()).isZero();
  }
}
