package dev.baton.server.slo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.sim.GpuPreset;
import dev.baton.sim.SimWorker;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SLO-aware routing over real sockets: Baton in front of a simulated H200 ({@code fast}, cost 10)
 * and a simulated L40S ({@code slow}, cost 2), both at a quarter of real speed (so that a loaded
 * test machine's own delays stay small beside them), with the latency plugins and a loose default
 * objective. The prompt is about 2,500 tokens: some 270 ms to its first token on the H200, 960 ms
 * on the L40S; the classes declare those timings.
 */
class SloRoutingTest {
  @RegisterExtension final TestBed bed = new TestBed();

  private final AtomicInteger prompts = new AtomicInteger();
  private SimWorker fast;
  private SimWorker slow;

  private BatonServer baton() {
    fast = bed.sim(GpuPreset.H200.config().withModel("m").withSpeed(0.25));
    slow = bed.sim(GpuPreset.L40S.config().withModel("m").withSpeed(0.25));
    String yaml = """
        server: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0}
        pools:
          - name: p
            models: [m]
            endpoints:
              - {url: "%s", role: both, labels: {hardware: fast}}
              - {url: "%s", role: both, labels: {hardware: slow}}
        hardwareClasses:
          fast: {costPerHour: 10, stepOverheadMs: 18, prefillUsPerToken: 100, contextUsPerToken: 0.124}
          slow: {costPerHour: 2, stepOverheadMs: 92, prefillUsPerToken: 328, contextUsPerToken: 0.68}
        slo:
          defaults: {ttftMs: 5000}
        scheduling:
          plugins:
            - {type: slo-headroom}
            - {type: latency}
            - {type: cost}
            - {type: max-score}
          schedulingProfiles:
            - name: decode
              plugins:
                - {pluginRef: slo-headroom}
                - {pluginRef: latency, weight: 1}
                - {pluginRef: cost, weight: 4}
                - {pluginRef: max-score}
        """.formatted(fast.baseUrl(), slow.baseUrl());
    return bed.baton(ConfigLoader.parse(yaml, "slo-test.yaml"));
  }

  /** Streams a distinct prompt (so no worker has it cached) of about 2,500 tokens. */
  private HttpResponse<String> send(BatonServer baton, Map<String, String> headers) {
    String body = Http.JSON.createObjectNode().put("model", "m").put("stream", true)
        .put("prompt", "prompt " + prompts.incrementAndGet() + " " + "word ".repeat(2_000))
        .put("max_tokens", 4).toString();
    return Http.post(baton.baseUrl() + "/v1/completions", body, headers);
  }

  private static long received(SimWorker w) {
    return w.stats().requestsReceived();
  }

  @Test
  void aTightObjectiveGoesToTheFastClassAndTheDefaultOneToTheCheapClass() {
    BatonServer baton = baton();
    for (int i = 0; i < 3; i++) {
      assertThat(send(baton, Map.of("x-llm-d-slo-ttft-ms", "600")).statusCode()).isEqualTo(200);
    }
    assertThat(received(fast)).isEqualTo(3);
    assertThat(received(slow)).isZero();
    for (int i = 0; i < 3; i++) {
      assertThat(send(baton, Map.of()).statusCode()).isEqualTo(200);
    }
    assertThat(received(slow)).as("5 s default objective: the cheaper class").isEqualTo(3);
  }

  @Test
  void whatBatonObservesIsLearnedAndExported() {
    BatonServer baton = baton();
    for (int i = 0; i < 4; i++) {
      assertThat(send(baton, Map.of("x-slo-ttft-ms", "600")).statusCode()).isEqualTo(200);
    }
    // The record ends (and the TPOT is learned) just after the client read the last event.
    Await.until("four TPOT samples", () -> value(Http.get(baton.adminUrl() + "/metrics").body(),
        "baton_latency_samples{class=\"fast\",measure=\"tpot\"}") == 4);
    String metrics = Http.get(baton.adminUrl() + "/metrics").body();
    assertThat(value(metrics, "baton_latency_samples{class=\"fast\",measure=\"ttft\"}"))
        .isEqualTo(4);
    double met = value(metrics, "baton_slo_ttft_total{class=\"fast\",result=\"met\"}");
    assertThat(met + value(metrics, "baton_slo_ttft_total{class=\"fast\",result=\"missed\"}"))
        .isEqualTo(4);
    // The prior is the simulator's own engine model: predictions within a factor of two of what a
    // real loopback round trip shows.
    double error = value(metrics,
        "baton_latency_prediction_error{class=\"fast\",measure=\"ttft\",percentile=\"p50\"}");
    assertThat(error).isBetween(0.0, 1.0);
    assertThat(value(metrics, "baton_hardware_cost_per_hour{class=\"fast\"}")).isEqualTo(10);
  }

  @Test
  void aSheddableRequestNoEndpointCanServeInTimeIsRefusedBeforeAnyWorkerSeesIt() {
    BatonServer baton = baton();
    Map<String, String> hopeless = new HashMap<>(Map.of("x-llm-d-slo-ttft-ms", "2"));

    assertThat(send(baton, hopeless).statusCode()).as("not sheddable: served").isEqualTo(200);
    hopeless.put("x-priority", "-1");
    HttpResponse<String> refused = send(baton, hopeless);

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
    JsonNode error = Http.error(refused);
    assertThat(error.get("code").asText()).isEqualTo("slo_unattainable");
    assertThat(received(fast) + received(slow)).isEqualTo(1);
  }

  @Test
  void aMalformedObjectiveIsABadRequestNamingItsHeader() {
    BatonServer baton = baton();
    HttpResponse<String> r = send(baton, Map.of("x-llm-d-slo-tpot-ms", "soon"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Http.error(r).get("message").asText()).contains("x-llm-d-slo-tpot-ms");
    assertThat(received(fast) + received(slow)).isZero();
  }

  /** The value of the sample {@code series} (name and labels exactly as exported). */
  private static double value(String exposition, String series) {
    return exposition.lines().filter(l -> l.startsWith(series + " ")).findFirst()
        .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
        .orElseThrow(() -> new AssertionError(series + " not in\n" + exposition));
  }
}
