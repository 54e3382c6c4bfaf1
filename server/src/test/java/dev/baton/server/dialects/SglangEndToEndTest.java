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
 * Baton in front of a simulated SGLang prefill/decode pair with the {@code sglang} dialect: both legs
 * at once, rendezvous on the prefill's bootstrap server (configured as the endpoint's
 * {@code bootstrapPort}, or learned from its {@code /server_info}), the decode streamed to the
 * client; a failing prefill aborts the waiting decode.
 */
class SglangEndToEndTest {
  private SimulatedPair pair;

  @BeforeEach
  void start() {
    pair = new SimulatedPair("sglang", Flavor.SGLANG_PREFILL, Flavor.SGLANG_DECODE);
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
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("text/event-stream"));
    assertThat(r.body()).contains("\"finish_reason\":\"length\"").endsWith("data: [DONE]\n\n");
    assertThat(pair.decode.stats().kvTransfersIn()).isEqualTo(1);
    assertThat(pair.decode.stats().localPrefillFallbacks()).isZero();
    assertThat(pair.prefill.stats().requestsCompleted()).isEqualTo(1);
    Await.until("the prefill's room was taken", () -> pair.prefill.stats().heldBlocks() == 0);
  }

  @Test
  void withoutAConfiguredPortTheBootstrapPortIsLearnedFromServerInfo() {
    pair.restartBaton(null);
    HttpResponse<String> r = Http.post(pair.url("/v1/completions"),
        "{\"model\":\"" + MODEL + "\",\"max_tokens\":4,\"ignore_eos\":true,\"prompt\":\""
            + PROMPT + "\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(pair.decode.stats().kvTransfersIn()).isEqualTo(1);
    assertThat(pair.decode.stats().localPrefillFallbacks()).isZero();
  }

  @Test
  void aListOfPromptsIsOneRoomPerPrompt() {
    HttpResponse<String> r = Http.post(pair.url("/v1/completions"),
        "{\"model\":\"" + MODEL + "\",\"max_tokens\":4,\"ignore_eos\":true,\"prompt\":[\""
            + PROMPT + "\",\"" + PROMPT + " again\"]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getJsonArray("choices")).hasSize(2);
    Await.until("both rooms were taken", () -> pair.prefill.stats().heldBlocks() == 0);
    assertThat(pair.decode.stats().kvTransfersIn()).isEqualTo(1);
  }

  @Test
  void aFailingPrefillAbortsTheDecodeWaitingForItsRoom() {
    pair.prefill.faults(FaultConfig.none().withErrorRate(1.0).withErrorStatus(503));
    HttpResponse<String> r = Http.post(pair.url("/v1/completions"),
        "{\"model\":\"" + MODEL + "\",\"max_tokens\":4,\"prompt\":\"" + PROMPT + "\"}");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("\"error\"");
    Await.until("the decode saw its leg aborted", () -> pair.decode.stats().requestsAborted() == 1);
    assertThat(pair.decode.stats().requestsCompleted()).isZero();
  }
}
