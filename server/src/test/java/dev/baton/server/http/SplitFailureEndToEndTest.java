package dev.baton.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.FaultConfig;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failures of split requests against simulated workers, as the client and the workers see them. */
class SplitFailureEndToEndTest {
  private static final String MODEL = SimConfig.DEFAULT_MODEL;
  private static final String STREAM = """
      {"model":"%s","stream":true,"max_tokens":40,"ignore_eos":true,
       "messages":[{"role":"user","content":"Count the batons in a relay race."}]}""".formatted(MODEL);

  @RegisterExtension final TestBed bed = new TestBed();
  private SimWorker prefill;
  private SimWorker decode;
  private BatonServer baton;

  @BeforeEach
  void setUp() {
    prefill = bed.sim(SimConfig.defaults().withSpeed(20));
    decode = bed.sim(SimConfig.defaults().withSpeed(20));
    baton = bed.baton(TestConfigs.nixlPair(MODEL, null, prefill.baseUrl(), decode.baseUrl()));
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
