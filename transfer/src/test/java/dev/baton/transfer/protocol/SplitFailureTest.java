package dev.baton.transfer.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.sim.FaultConfig;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.transfer.handoff.PrefillFailurePolicy;
import dev.baton.transfer.testing.Await;
import dev.baton.transfer.testing.ExchangeBed;
import dev.baton.transfer.testing.Http;
import dev.baton.transfer.testing.Rig;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failures of split requests against simulated workers, as the client and the workers see them. */
class SplitFailureTest {
  private static final String MODEL = SimConfig.DEFAULT_MODEL;
  private static final String STREAM = """
      {"model":"%s","stream":true,"max_tokens":40,"ignore_eos":true,
       "messages":[{"role":"user","content":"Count the batons in a relay race."}]}""".formatted(MODEL);

  @RegisterExtension final ExchangeBed bed = new ExchangeBed();
  private SimWorker prefill;
  private SimWorker decode;
  private Rig rig;

  @BeforeEach
  void setUp() {
    prefill = bed.sim(SimConfig.defaults().withSpeed(20));
    decode = bed.sim(SimConfig.defaults().withSpeed(20));
    rig = Rig.builder().model(MODEL).prefill(prefill.baseUrl()).decode(decode.baseUrl())
        .prefillRetries(0, PrefillFailurePolicy.DECODE).start(bed);
  }

  @Test
  void decodeDroppingMidStreamEndsTheClientsStreamWithAnError() {
    // The fault header reaches both legs; the one-token prefill finishes before token 5.
    HttpResponse<String> r = Http.post(rig.url("/v1/chat/completions"), STREAM,
        Map.of("X-Sim-Fault", "drop-after:5"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"content\":");
    assertThat(r.body()).contains("data: {\"error\":{").endsWith("data: [DONE]\n\n");
    assertThat(decode.stats().kvTransfersIn()).isEqualTo(1);
    Await.until("prefill blocks released", () -> prefill.stats().heldBlocks() == 0);
    Await.until("in-flight back to zero", () -> rig.inFlight() == 0);
  }

  @Test
  void aFailingPrefillWorkerLeavesDecodeToServeAlone() {
    prefill.faults(FaultConfig.none().withErrorRate(1.0).withErrorStatus(503));
    HttpResponse<String> r = Http.post(rig.url("/v1/chat/completions"), STREAM);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).endsWith("data: [DONE]\n\n").doesNotContain("\"error\"");
    assertThat(decode.stats().kvTransfersIn()).isZero();
    assertThat(decode.stats().requestsCompleted()).isEqualTo(1);
    assertThat(rig.counters.decodeFallbacks()).isEqualTo(1);
    Await.until("in-flight back to zero", () -> rig.inFlight() == 0);
  }
}
