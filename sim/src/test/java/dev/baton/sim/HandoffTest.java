package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** NIXL-style prefill on one worker, decode on another, as vLLM's reference proxy drives them. */
class HandoffTest {

  @RegisterExtension
  static SimFixture sims = SimFixture.workers(2, SimConfig.defaults().withSpeed(50))
      .resetBeforeEach();

  // BOS + 200 words = 201 tokens = 13 blocks of 16.
  static final String PROMPT = "Once" + " upon".repeat(198) + " end";

  static String prefillBody() {
    return "{\"prompt\":\"" + PROMPT + "\",\"max_tokens\":1,\"stream\":false,\"kv_transfer_params\":"
        + "{\"do_remote_decode\":true,\"do_remote_prefill\":false,\"remote_engine_id\":null,"
        + "\"remote_block_ids\":null,\"remote_host\":null,\"remote_port\":null}}";
  }

  static String decodeBody(JsonNode kvParams) {
    return "{\"prompt\":\"" + PROMPT + "\",\"max_tokens\":8,\"ignore_eos\":true,\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true},\"kv_transfer_params\":" + kvParams + "}";
  }

  @Test
  void prefillThenDecodeMovesTheBlocks() {
    SimWorker prefill = sims.worker(0);
    SimWorker decode = sims.worker(1);
    Http.Response p = sims.http().post(prefill, "/v1/completions", prefillBody(), Map.of("X-Request-Id", "pd-1"));
    assertThat(p.status()).isEqualTo(200);
    JsonNode answer = p.json();
    assertThat(answer.get("choices").get(0).get("finish_reason").asText()).isEqualTo("length");
    assertThat(answer.get("usage").get("completion_tokens").asInt()).isEqualTo(1);
    JsonNode kv = answer.get("kv_transfer_params");
    assertThat(kv.get("do_remote_prefill").asBoolean()).isTrue();
    assertThat(kv.get("do_remote_decode").asBoolean()).isFalse();
    assertThat(kv.get("remote_block_ids")).hasSize(13);
    assertThat(kv.get("remote_engine_id").asText()).isEqualTo(prefill.engineId());
    assertThat(kv.get("remote_request_id").asText()).isEqualTo("cmpl-pd-1-0");
    assertThat(kv.get("remote_host").asText()).isEqualTo(prefill.host());
    assertThat(kv.get("remote_port").asInt()).isEqualTo(prefill.kvPort());
    assertThat(kv.get("tp_size").asInt()).isEqualTo(1);
    assertThat(prefill.stats().heldBlocks()).isEqualTo(13);
    assertThat(prefill.stats().usedBlocks()).isEqualTo(13);

    Http.Response d = sims.http().post(decode, "/v1/completions", decodeBody(kv), Map.of("X-Request-Id", "pd-1"));
    assertThat(d.status()).isEqualTo(200);
    var chunks = Sse.chunks(d.body());
    JsonNode usage = chunks.get(chunks.size() - 1).get("usage");
    assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(201);
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(8);
    assertThat(usage.get("prompt_tokens_details").get("cached_tokens").asInt()).isEqualTo(200);
    assertThat(prefill.stats().heldBlocks()).isZero();
    assertThat(prefill.stats().usedBlocks()).isZero();
    assertThat(decode.stats().kvTransfersIn()).isEqualTo(1);
    assertThat(decode.stats().kvTransferBlocksIn()).isEqualTo(13);
    assertThat(decode.stats().localPrefillFallbacks()).isZero();
    // The decode continues exactly where the prefill's one token started.
    assertThat(chunks.get(0).get("choices").get(0).get("text").asText())
        .isEqualTo(answer.get("choices").get(0).get("text").asText());
  }

  @Test
  void chatPrefillReturnsParamsToo() {
    Http.Response p = sims.http().post(sims.worker(0), "/v1/chat/completions",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}],\"max_tokens\":1,"
            + "\"max_completion_tokens\":1,\"kv_transfer_params\":{\"do_remote_decode\":true}}");
    JsonNode kv = p.json().get("kv_transfer_params");
    assertThat(kv.get("remote_request_id").asText()).startsWith("chatcmpl-");
    assertThat(sims.worker(0).stats().heldBlocks()).isEqualTo(kv.get("remote_block_ids").size());
  }

  @Test
  void incompleteHandleFallsBackToLocalPrefill() {
    JsonNode kv = sims.http().post(sims.worker(0), "/v1/completions", prefillBody()).json().get("kv_transfer_params");
    ObjectNode broken = kv.deepCopy();
    broken.remove("remote_host");
    Http.Response d = sims.http().post(sims.worker(1), "/v1/completions", decodeBody(broken));
    assertThat(d.status()).isEqualTo(200);
    var chunks = Sse.chunks(d.body());
    assertThat(chunks.get(chunks.size() - 1).get("usage").get("prompt_tokens_details").get("cached_tokens").asInt())
        .isZero();
    assertThat(sims.worker(1).stats().localPrefillFallbacks()).isEqualTo(1);
    assertThat(sims.worker(1).stats().kvTransfersIn()).isZero();
    // The untouched handle is still held on the prefill worker.
    assertThat(sims.worker(0).stats().heldBlocks()).isEqualTo(13);
  }

  @Test
  void unknownOrForeignHandleFallsBack() {
    JsonNode kv = sims.http().post(sims.worker(0), "/v1/completions", prefillBody()).json().get("kv_transfer_params");
    ObjectNode unknown = kv.deepCopy();
    unknown.put("remote_request_id", "cmpl-nobody-0");
    ObjectNode foreign = kv.deepCopy();
    foreign.put("remote_host", "10.255.255.1"); // never dialled: not a known side channel
    assertThat(sims.http().post(sims.worker(1), "/v1/completions", decodeBody(unknown)).status()).isEqualTo(200);
    assertThat(sims.http().post(sims.worker(1), "/v1/completions", decodeBody(foreign)).status()).isEqualTo(200);
    assertThat(sims.worker(1).stats().localPrefillFallbacks()).isEqualTo(2);
    assertThat(sims.worker(0).stats().heldBlocks()).isEqualTo(13);
    // A handle pulls once: the second pull of the same handle falls back.
    sims.http().post(sims.worker(1), "/v1/completions", decodeBody(kv));
    sims.http().post(sims.worker(1), "/v1/completions", decodeBody(kv));
    assertThat(sims.worker(1).stats().kvTransfersIn()).isEqualTo(1);
    assertThat(sims.worker(1).stats().localPrefillFallbacks()).isEqualTo(3);
  }

  @Test
  void lmcacheStyleMaxTokensOneJustWorks() {
    JsonNode answer = sims.http().post(sims.worker(0), "/v1/completions",
        "{\"prompt\":\"" + PROMPT + "\",\"max_tokens\":1}").json();
    assertThat(answer.get("kv_transfer_params").isNull()).isTrue();
    assertThat(sims.worker(0).stats().heldBlocks()).isZero();
  }

  @Test
  void heldBlocksAreReleasedAfterTheTimeout() {
    // 20 simulated seconds at speed 100 is 0.2 s of wall time.
    SimWorker w = Await.result(SimWorker.start(sims.vertx(),
        SimConfig.defaults().withSpeed(100).withHeldBlocksTimeout(Duration.ofSeconds(20))));
    try {
      JsonNode kv = sims.http().post(w, "/v1/completions", prefillBody()).json().get("kv_transfer_params");
      assertThat(kv.get("remote_block_ids")).hasSize(13);
      Await.until("held blocks expire", () -> w.stats().heldBlocks() == 0, Duration.ofSeconds(20));
      assertThat(w.stats().usedBlocks()).isZero();
      sims.http().post(sims.worker(1), "/v1/completions", decodeBody(kv));
      assertThat(sims.worker(1).stats().localPrefillFallbacks()).isEqualTo(1);
    } finally {
      Await.result(w.close());
    }
  }
}
