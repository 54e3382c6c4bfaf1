package dev.baton.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.DisaggregationConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.server.config.TimeoutsConfig;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.sim.FaultConfig;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.transfer.handoff.DialectName;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failures of split requests against simulated workers, as the client and the workers see them. */
class SplitFailureEndToEndTest {
  private static final String MODEL = SimConfig.DEFAULT_MODEL;
  private static final String STREAM = """
      {"model":"%s","stream":true,"max_tokens":40,"ignore_eos":true,
       "messages":[{"role":"user","content":"Count the batons in a relay race."}]}""".formatted(MODEL);

  private Vertx vertx;
  private SimWorker prefill;
  private SimWorker decode;
  private BatonServer baton;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    prefill = Await.get(SimWorker.start(vertx, SimConfig.defaults().withSpeed(20)));
    decode = Await.get(SimWorker.start(vertx, SimConfig.defaults().withSpeed(20)));
    BatonConfig config = new BatonConfig(
        new ServerConfig("127.0.0.1", 0, null, null),
        TimeoutsConfig.DEFAULTS,
        List.of(new PoolConfig("pd", List.of(MODEL), DialectName.NIXL,
            new DisaggregationConfig(true, 0, 0, null),
            List.of(new EndpointConfig(prefill.baseUrl(), Role.PREFILL, null, null),
                new EndpointConfig(decode.baseUrl(), Role.DECODE, null, null)))),
        null, null, null);
    baton = Await.get(BatonServer.start(vertx, config));
  }

  @AfterEach
  void tearDown() {
    Await.get(baton.close());
    Await.get(prefill.close());
    Await.get(decode.close());
    Await.get(vertx.close());
  }

  private int inFlight() {
    return baton.runtime().get().endpoints().mapToInt(e -> e.inFlightRequests()).sum();
  }

  @Test
  void decodeDroppingMidStreamEndsTheClientsStreamWithAnError() {
    // The fault header reaches both legs; the one-token prefill finishes before token 5.
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions", STREAM,
        Map.of("X-Sim-Fault", "drop-after:5"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"content\":");
    assertThat(r.body()).contains("data: {\"error\":{").endsWith("data: [DONE]\n\n");
    assertThat(decode.stats().kvTransfersIn()).isEqualTo(1);
    Await.until("prefill blocks released", () -> prefill.stats().heldBlocks() == 0);
    Await.until("in-flight back to zero", () -> inFlight() == 0);
  }

  @Test
  void aFailingPrefillWorkerLeavesDecodeToServeAlone() {
    prefill.faults(FaultConfig.none().withErrorRate(1.0).withErrorStatus(503));
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions", STREAM);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).endsWith("data: [DONE]\n\n").doesNotContain("\"error\"");
    assertThat(decode.stats().kvTransfersIn()).isZero();
    assertThat(decode.stats().requestsCompleted()).isEqualTo(1);
    assertThat(baton.handoffCounters().decodeFallbacks()).isEqualTo(1);
    Await.until("in-flight back to zero", () -> inFlight() == 0);
  }
}
