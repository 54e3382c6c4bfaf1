package dev.baton.server.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Role;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.epp.GatewayHeaders;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sidecar in front of a simulated decode engine: a request naming an allowed prefill endpoint
 * is split over NIXL (the decode pulls the prefill's KV handle), one without the header goes to the
 * local engine whole, and one naming an address neither listed nor in the pool is refused without
 * that address ever being called. Other routes pass through to the local engine.
 */
class SidecarTest {
  @RegisterExtension final TestBed bed = new TestBed();

  private static final String CHAT = "{\"model\":\"" + SimConfig.DEFAULT_MODEL
      + "\",\"stream\":true,\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\""
      + "prefill me ".repeat(40) + "\"}]}";

  private SidecarServer sidecar(SimWorker decode, Set<String> allowed, BatonConfig pools) {
    SidecarServer sidecar = Await.get(SidecarServer.start(bed.vertx(), new SidecarOptions(
        "127.0.0.1", 0, decode.baseUrl(), "nixl", allowed, null, 1 << 20), pools));
    bed.closeAfter(() -> Await.get(sidecar.close()));
    return sidecar;
  }

  private static HttpResponse<String> chat(SidecarServer sidecar, Map<String, String> headers) {
    return Http.post("http://127.0.0.1:" + sidecar.port() + "/v1/chat/completions", CHAT, headers);
  }

  @Test
  void anAllowedPrefillerRunsThePrefillLegThereAndTheDecodeHere() {
    SimWorker prefill = bed.sim(SimConfig.defaults());
    SimWorker decode = bed.sim(SimConfig.defaults());
    String prefiller = "127.0.0.1:" + prefill.port();
    SidecarServer sidecar = sidecar(decode, Set.of(prefiller), null);

    HttpResponse<String> split = chat(sidecar, Map.of(GatewayHeaders.PREFILLER, prefiller));
    assertThat(split.statusCode()).isEqualTo(200);
    assertThat(split.body()).endsWith("data: [DONE]\n\n").doesNotContain("\"error\"");
    assertThat(prefill.stats().requestsReceived()).isEqualTo(1);
    assertThat(decode.stats().requestsReceived()).isEqualTo(1);
    assertThat(decode.stats().kvTransfersIn()).as("the decode pulled the prefill's handle").isEqualTo(1);

    HttpResponse<String> whole = chat(sidecar, Map.of());
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).endsWith("data: [DONE]\n\n");
    assertThat(prefill.stats().requestsReceived()).isEqualTo(1);
    assertThat(decode.stats().requestsReceived()).isEqualTo(2);
  }

  @Test
  void anAddressNeitherListedNorInThePoolIsNeverCalled() {
    SimWorker decode = bed.sim(SimConfig.defaults());
    SimWorker stranger = bed.sim(SimConfig.defaults());
    SidecarServer sidecar = sidecar(decode, Set.of("127.0.0.1:1"), null);

    HttpResponse<String> refused =
        chat(sidecar, Map.of(GatewayHeaders.PREFILLER, "127.0.0.1:" + stranger.port()));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(Http.error(refused).path("code").asText()).isEqualTo("prefill_host_not_allowed");
    assertThat(stranger.stats().requestsReceived()).isZero();
    assertThat(decode.stats().requestsReceived()).isZero();
  }

  @Test
  void thePoolsEndpointsAreAllowedAndOtherRoutesPassThrough() {
    SimWorker prefill = bed.sim(SimConfig.defaults());
    SimWorker decode = bed.sim(SimConfig.defaults());
    BatonConfig pools = new BatonConfig(null, null,
        List.of(new PoolConfig("pd", List.of(SimConfig.DEFAULT_MODEL), "nixl", null,
            List.of(new EndpointConfig(prefill.baseUrl(), Role.PREFILL, null, null)))),
        null, null, null);
    SidecarServer sidecar = sidecar(decode, Set.of(), pools);

    HttpResponse<String> split =
        chat(sidecar, Map.of(GatewayHeaders.PREFILLER, "127.0.0.1:" + prefill.port()));
    assertThat(split.statusCode()).isEqualTo(200);
    assertThat(prefill.stats().requestsReceived()).isEqualTo(1);
    assertThat(decode.stats().kvTransfersIn()).isEqualTo(1);

    HttpResponse<String> models = Http.get("http://127.0.0.1:" + sidecar.port() + "/v1/models");
    assertThat(models.statusCode()).isEqualTo(200);
    assertThat(models.body()).contains(SimConfig.DEFAULT_MODEL);
  }
}
