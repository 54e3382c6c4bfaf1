package dev.baton.server.dialects;

import static dev.baton.server.dialects.SimulatedPair.MODEL;
import static dev.baton.server.dialects.SimulatedPair.PROMPT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.sim.FaultConfig;
import dev.baton.sim.Flavor;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Baton in front of a simulated vLLM prefill/decode pair with the {@code mooncake} dialect: the
 * engine id asked of the prefill's bootstrap server, both legs at once under one transfer id, the
 * decode taking the prefill's KV from that server and streamed to the client; a failing prefill
 * aborts the waiting decode.
 */
class MooncakeEndToEndTest {
  private SimulatedPair pair;

  @BeforeEach
  void start() {
    pair = new SimulatedPair("mooncake", Flavor.VLLM, Flavor.VLLM);
  }

  @AfterEach
  void stop() {
    pair.close();
  }

  @Test
  void aStreamedChatIsDecodedFromThePrefillsKv() {
    HttpResponse<String> r = Http.post(pair.url("/v1/chat/completions"),
        "{\"model\":\"" + MODEL + "\",\"stream\":true,\"max_tokens\":8,\"ignore_eos\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"finish_reason\":\"length\"").endsWith("data: [DONE]\n\n");
    assertThat(pair.decode.stats().kvTransfersIn()).isEqualTo(1);
    assertThat(pair.decode.stats().localPrefillFallbacks()).isZero();
    assertThat(pair.prefill.stats().requestsCompleted()).isEqualTo(1);
    Await.until("the prefill's transfer was taken", () -> pair.prefill.stats().heldBlocks() == 0);
  }

  @Test
  void aCompletionIsDecodedFromThePrefillsKvAgainAndAgain() {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = Http.post(pair.url("/v1/completions"),
          "{\"model\":\"" + MODEL + "\",\"max_tokens\":4,\"ignore_eos\":true,\"prompt\":\""
              + PROMPT + " " + i + "\"}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(r.body()).getJsonArray("choices")).hasSize(1);
    }
    assertThat(pair.decode.stats().kvTransfersIn()).isEqualTo(3);
    assertThat(pair.decode.stats().localPrefillFallbacks()).isZero();
    Await.until("every transfer was taken", () -> pair.prefill.stats().heldBlocks() == 0);
  }

  @Test
  void aFailingPrefillAbortsTheDecodeWaitingForItsTransfer() {
    pair.prefill.faults(FaultConfig.none().withErrorRate(1.0).withErrorStatus(503));
    HttpResponse<String> r = Http.post(pair.url("/v1/completions"),
        "{\"model\":\"" + MODEL + "\",\"max_tokens\":4,\"prompt\":\"" + PROMPT + "\"}");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("\"error\"");
    Await.until("the decode saw its leg aborted", () -> pair.decode.stats().requestsAborted() == 1);
    assertThat(pair.decode.stats().requestsCompleted()).isZero();
  }
}
