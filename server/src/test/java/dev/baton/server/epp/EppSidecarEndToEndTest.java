package dev.baton.server.epp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Role;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.DisaggregationConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.sidecar.SidecarOptions;
import dev.baton.server.sidecar.SidecarServer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Baton as the picker and Baton as the decode pod's sidecar serve a P/D request over loopback, with
 * a small gateway in Envoy's place: the picker's pool has a prefill engine and the decode pod's
 * sidecar (as an InferencePool lists pods on their serving port); its pick names the sidecar and,
 * for the split, the prefill engine; the sidecar runs the prefill leg there and the decode leg on
 * the engine beside it, which pulls the prefill's KV handle.
 */
class EppSidecarEndToEndTest {
  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void pickerAndSidecarServeASplitStreamingChat() throws Exception {
    SimWorker prefill = bed.sim(SimConfig.defaults());
    SimWorker decode = bed.sim(SimConfig.defaults());
    SidecarServer sidecar = Await.get(SidecarServer.start(bed.vertx(), new SidecarOptions(
        "127.0.0.1", 0, decode.baseUrl(), "nixl", Set.of("127.0.0.1:" + prefill.port()), null,
        1 << 20), null));
    bed.closeAfter(() -> Await.get(sidecar.close()));
    BatonConfig pool = new BatonConfig(null, null,
        List.of(new PoolConfig("pd", List.of(SimConfig.DEFAULT_MODEL), "nixl",
            new DisaggregationConfig(true, 0, 0, null),
            List.of(new EndpointConfig(prefill.baseUrl(), Role.PREFILL, null, null),
                new EndpointConfig("http://127.0.0.1:" + sidecar.port(), Role.DECODE, null, null)))),
        null, null, null);
    EppHarness epp = EppHarness.start(bed, pool, EppOptions.loopback());
    TestGateway gateway = bed.closeAfter(new TestGateway(epp));

    HttpResponse<String> answer = Http.post(gateway.baseUrl() + "/v1/chat/completions",
        "{\"model\":\"" + SimConfig.DEFAULT_MODEL + "\",\"stream\":true,\"max_tokens\":6,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"" + "split me ".repeat(60) + "\"}]}");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"delta\"").endsWith("data: [DONE]\n\n")
        .doesNotContain("\"error\"");
    assertThat(prefill.stats().requestsReceived()).as("the prefill leg").isEqualTo(1);
    assertThat(decode.stats().requestsReceived()).as("the decode leg").isEqualTo(1);
    assertThat(decode.stats().kvTransfersIn()).as("the handle was pulled").isEqualTo(1);
    // The gateway's client has the answer before the picker has read the end of Envoy's stream.
    Await.until("the picker's load accounting ended with the answer", () -> epp.epp().runtime()
        .get().endpoints().mapToInt(e -> e.inFlightRequests()).sum() == 0);
  }
}
