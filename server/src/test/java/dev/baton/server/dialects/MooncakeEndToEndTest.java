package dev.baton.server.dialects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.admin.AdminConfig;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.DisaggregationConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.sim.FaultConfig;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
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
  private static final String MODEL = SimConfig.DEFAULT_MODEL;
  // BOS + 200 words: 201 prompt tokens, 200 of them in full blocks the decode takes from the prefill.
  private static final String PROMPT = "Once" + " upon".repeat(198) + " end";

  private Vertx vertx;
  private SimWorker prefill;
  private SimWorker decode;
  private BatonServer baton;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    SimConfig config = SimConfig.defaults().withSpeed(50);
    prefill = Await.get(SimWorker.start(vertx, config));
    decode = Await.get(SimWorker.start(vertx, config));
    BatonConfig batonConfig = new BatonConfig(
        new ServerConfig("127.0.0.1", 0, null, null), UpstreamTimeouts.DEFAULTS,
        List.of(new PoolConfig("mooncake-pd", List.of(MODEL), "mooncake",
            new DisaggregationConfig(true, 0, 1, null),
            List.of(new EndpointConfig(prefill.baseUrl(), Role.PREFILL, null, null, null, null,
                    prefill.kvPort()),
                new EndpointConfig(decode.baseUrl(), Role.DECODE, null, null)))),
        null, null, null, new AdminConfig("127.0.0.1", 0, null));
    baton = Await.get(BatonServer.start(vertx, batonConfig));
  }

  @AfterEach
  void stop() {
    Await.get(baton.close());
    Await.get(Future.join(prefill.close(), decode.close()));
    Await.get(vertx.close());
  }

  @Test
  void aStreamedChatIsDecodedFromThePrefillsKv() {
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions",
        "{\"model\":\"" + MODEL + "\",\"stream\":true,\"max_tokens\":8,\"ignore_eos\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"finish_reason\":\"length\"").endsWith("data: [DONE]\n\n");
    assertThat(decode.stats().kvTransfersIn()).isEqualTo(1);
    assertThat(decode.stats().localPrefillFallbacks()).isZero();
    assertThat(prefill.stats().requestsCompleted()).isEqualTo(1);
    Await.until("the prefill's transfer was taken", () -> prefill.stats().heldBlocks() == 0);
  }

  @Test
  void aCompletionIsDecodedFromThePrefillsKvAgainAndAgain() {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/completions",
          "{\"model\":\"" + MODEL + "\",\"max_tokens\":4,\"ignore_eos\":true,\"prompt\":\""
              + PROMPT + " " + i + "\"}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(r.body()).getJsonArray("choices")).hasSize(1);
    }
    assertThat(decode.stats().kvTransfersIn()).isEqualTo(3);
    assertThat(decode.stats().localPrefillFallbacks()).isZero();
    Await.until("every transfer was taken", () -> prefill.stats().heldBlocks() == 0);
  }

  @Test
  void aFailingPrefillAbortsTheDecodeWaitingForItsTransfer() {
    prefill.faults(FaultConfig.none().withErrorRate(1.0).withErrorStatus(503));
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/completions",
        "{\"model\":\"" + MODEL + "\",\"max_tokens\":4,\"prompt\":\"" + PROMPT + "\"}");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("\"error\"");
    Await.until("the decode saw its leg aborted", () -> decode.stats().requestsAborted() == 1);
    assertThat(decode.stats().requestsCompleted()).isZero();
  }
}
