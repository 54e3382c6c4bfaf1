package dev.baton.server.epp;

import static dev.baton.server.epp.EnvoyMessages.requestBody;
import static dev.baton.server.epp.EnvoyMessages.requestHeaders;
import static dev.baton.server.epp.EnvoyMessages.responseBody;
import static dev.baton.server.epp.EnvoyMessages.responseHeaders;
import static dev.baton.server.epp.EnvoyMessages.setHeader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import io.envoyproxy.envoy.service.ext_proc.v3.CommonResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the pick says besides the endpoint: the prefill endpoint of a split plan for the decode
 * pod's sidecar, fallbacks for the gateway's retries (and the load moving to the one that served),
 * and llm-d's model-name rewrite applied to the body the gateway forwards.
 */
class ExtProcRoutingTest {
  @RegisterExtension final TestBed bed = new TestBed();

  private static String chat(String model, String extra) {
    return "{\"model\":\"" + model + "\",\"stream\":true," + extra
        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + "a long prompt ".repeat(50) + "\"}]}";
  }

  @Test
  void aSplitPlanNamesThePrefillEndpointForTheSidecar() {
    SimWorker prefill = bed.sim(SimConfig.defaults());
    SimWorker decode = bed.sim(SimConfig.defaults());
    EppHarness epp = EppHarness.start(bed, TestConfigs.nixlPair(TestConfigs.MODEL, null,
        prefill.baseUrl(), decode.baseUrl()), EppOptions.loopback());
    CommonResponse pick = firstAnswer(epp, Map.of(), chat(TestConfigs.MODEL, ""));
    assertThat(setHeader(pick, GatewayHeaders.DESTINATION)).contains("127.0.0.1:" + decode.port());
    assertThat(setHeader(pick, GatewayHeaders.PREFILLER)).contains("127.0.0.1:" + prefill.port());
    assertThat(pick.getHeaderMutation().getRemoveHeadersList()).doesNotContain(GatewayHeaders.PREFILLER);
  }

  @Test
  void fallbacksFollowThePickAndTheLoadMovesToTheEndpointThatServed() {
    List<SimWorker> sims = List.of(bed.sim(SimConfig.defaults()), bed.sim(SimConfig.defaults()),
        bed.sim(SimConfig.defaults()));
    EppHarness epp = EppHarness.start(bed, TestConfigs.aggregated(
        sims.stream().map(SimWorker::baseUrl).toArray(String[]::new)),
        EppOptions.loopback().withFallbacks(2));
    EnvoyStream envoy = epp.stream();
    envoy.send(requestHeaders("/v1/chat/completions", Map.of(), false).build());
    envoy.send(requestBody(chat(TestConfigs.MODEL, ""), true));
    ProcessingResponse headers = envoy.next();
    String[] endpoints = setHeader(headers.getRequestHeaders().getResponse(),
        GatewayHeaders.DESTINATION).orElseThrow().split(",");
    assertThat(endpoints).hasSize(3).doesNotHaveDuplicates();
    assertThat(Arrays.stream(endpoints).map(e -> endpoint(epp, e)))
        .extracting(EndpointState::inFlightRequests).containsExactly(1, 0, 0);
    envoy.next();

    // The first failed at the gateway; the second served.
    envoy.send(responseHeaders(200, "text/event-stream", endpoints[1]));
    envoy.next();
    assertThat(Arrays.stream(endpoints).map(e -> endpoint(epp, e)))
        .extracting(EndpointState::inFlightRequests).containsExactly(0, 1, 0);
    envoy.send(responseBody("data: [DONE]\n\n", true));
    envoy.next();
    assertThat(Arrays.stream(endpoints).map(e -> endpoint(epp, e)))
        .extracting(EndpointState::inFlightRequests).containsExactly(0, 0, 0);
    envoy.finish();
  }

  @Test
  void theModelRewriteHeaderChangesTheModelScheduledAndForwarded() {
    SimWorker sim = bed.sim(SimConfig.defaults());
    EppHarness epp = EppHarness.start(bed, TestConfigs.aggregated(sim.baseUrl()),
        EppOptions.loopback());
    EnvoyStream envoy = epp.stream();
    envoy.send(requestHeaders("/v1/chat/completions",
        Map.of(GatewayHeaders.MODEL_REWRITE, TestConfigs.MODEL), false).build());
    String sent = chat("client-facing-name",
        "\"kv_transfer_params\":{\"remote_host\":\"10.6.6.6\"},");
    envoy.send(requestBody(sent, true));
    CommonResponse pick = envoy.next().getRequestHeaders().getResponse();
    assertThat(setHeader(pick, GatewayHeaders.DESTINATION)).contains("127.0.0.1:" + sim.port());
    String forwarded = envoy.next().getRequestBody().getResponse().getBodyMutation()
        .getStreamedResponse().getBody().toStringUtf8();
    assertThat(forwarded).contains("\"model\":\"" + TestConfigs.MODEL + "\"")
        .doesNotContain("client-facing-name").doesNotContain("kv_transfer_params");
    assertThat(setHeader(pick, "content-length")).contains(Integer.toString(forwarded.length()));
    envoy.finish();
  }

  private CommonResponse firstAnswer(EppHarness harness, Map<String, String> extra, String body) {
    EnvoyStream envoy = harness.stream();
    envoy.send(requestHeaders("/v1/chat/completions", extra, false).build());
    envoy.send(requestBody(body, true));
    CommonResponse pick = envoy.next().getRequestHeaders().getResponse();
    envoy.next();
    envoy.finish();
    return pick;
  }

  private static EndpointState endpoint(EppHarness epp, String address) {
    return epp.epp().runtime().get().endpoints()
        .filter(e -> EndpointAddress.of(e).equals(address)).findFirst().orElseThrow();
  }
}
