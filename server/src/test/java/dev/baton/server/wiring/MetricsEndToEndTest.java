package dev.baton.server.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.admin.AdminConfig;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.DisaggregationConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimFleet;
import dev.baton.sim.SimWorker;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real requests through Baton to simulated workers move the {@code baton_*} metrics the admin port
 * exports: TTFT histograms, requests by route and outcome, prefill/decode decisions and handoffs.
 */
class MetricsEndToEndTest {
  private static final String PD_MODEL = SimConfig.DEFAULT_MODEL;
  private static final String AGG_MODEL = "agg-model";

  private Vertx vertx;
  private SimFleet pd;
  private SimFleet agg;
  private BatonServer baton;
  private ScriptedWorker traced;

  @AfterEach
  void tearDown() {
    if (baton != null) {
      Await.get(baton.close());
    }
    if (traced != null) {
      traced.close();
    }
    if (pd != null) {
      Await.get(pd.close());
    }
    if (agg != null) {
      Await.get(agg.close());
    }
    Await.get(vertx.close());
  }

  @Test
  void requestsThroughBatonShowOnTheAdminPort() {
    vertx = Vertx.vertx();
    pd = Await.get(SimFleet.start(vertx, 2, SimConfig.defaults().withSpeed(50)));
    agg = Await.get(SimFleet.start(vertx, 1,
        SimConfig.defaults().withModel(AGG_MODEL).withSpeed(50)));
    List<SimWorker> w = pd.workers();
    BatonConfig config = new BatonConfig(
        new ServerConfig("127.0.0.1", 0, null, null), UpstreamTimeouts.DEFAULTS,
        List.of(
            new PoolConfig("pd", List.of(PD_MODEL), "nixl",
                new DisaggregationConfig(true, 0, 1, null),
                List.of(new EndpointConfig(w.get(0).baseUrl(), Role.PREFILL, null, null),
                    new EndpointConfig(w.get(1).baseUrl(), Role.DECODE, null, null))),
            new PoolConfig("chat", List.of(AGG_MODEL), "none", null,
                List.of(new EndpointConfig(agg.worker(0).baseUrl(), Role.BOTH, null, null)))),
        null, null, null, new AdminConfig("127.0.0.1", 0, null));
    baton = Await.get(BatonServer.start(vertx, config));

    for (int i = 0; i < 3; i++) {
      assertThat(stream(PD_MODEL, i).statusCode()).isEqualTo(200);
      assertThat(stream(AGG_MODEL, i).statusCode()).isEqualTo(200);
    }
    assertThat(Http.post(baton.baseUrl() + "/v1/chat/completions",
        "{\"model\":\"nobody-serves-this\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
        .statusCode()).isEqualTo(404);

    // The record ends on the event loop after the last byte: poll rather than race it.
    Await.until("six streams and a rejection counted", () -> sum(scrape(),
        "baton_requests_total", Map.of()) >= 7);
    String metrics = scrape();
    assertThat(sum(metrics, "baton_request_ttft_seconds_count",
        Map.of("model", PD_MODEL, "route", "disaggregated"))).isEqualTo(3);
    assertThat(sum(metrics, "baton_request_ttft_seconds_count",
        Map.of("model", AGG_MODEL, "route", "aggregated"))).isEqualTo(3);
    assertThat(sum(metrics, "baton_requests_total",
        Map.of("route", "disaggregated", "outcome", "success", "status", "200"))).isEqualTo(3);
    assertThat(sum(metrics, "baton_requests_total",
        Map.of("route", "aggregated", "outcome", "success", "status", "200"))).isEqualTo(3);
    assertThat(sum(metrics, "baton_requests_total",
        Map.of("model", "unknown", "outcome", "rejected", "status", "404"))).isEqualTo(1);
    assertThat(sum(metrics, "baton_pd_decisions_total", Map.of("model", PD_MODEL))).isEqualTo(3);
    assertThat(sum(metrics, "baton_pd_decisions_total", Map.of("model", AGG_MODEL))).isEqualTo(3);
    assertThat(sum(metrics, "baton_prefill_leg_duration_seconds_count",
        Map.of("outcome", "handed_off"))).isEqualTo(3);
    assertThat(sum(metrics, "baton_pd_events_total", Map.of("event", "handoff"))).isEqualTo(3);
    assertThat(sum(metrics, "baton_scheduler_duration_seconds_count",
        Map.of("operation", "plan"))).isGreaterThanOrEqualTo(6);
    // Streams count their SSE events as tokens, so inter-token gaps were seen too.
    assertThat(sum(metrics, "baton_request_itl_seconds_count", Map.of("model", PD_MODEL)))
        .isGreaterThan(0);
    assertThat(sum(metrics, "baton_requests_active", Map.of())).isZero();
  }

  @Test
  void workersJoinTheClientsTrace() {
    vertx = Vertx.vertx();
    traced = ScriptedWorker.start(vertx, ex -> ex.json(200,
        "{\"id\":\"x\",\"object\":\"text_completion\",\"choices\":[]}"));
    baton = Await.get(BatonServer.start(vertx, dev.baton.server.testing.TestConfigs.aggregated(
        traced.url())));
    String client = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    HttpResponse<String> res = Http.post(baton.baseUrl() + "/v1/completions",
        "{\"model\":\"test-model\",\"prompt\":\"hi\"}", Map.of("traceparent", client));
    assertThat(res.statusCode()).isEqualTo(200);
    String forwarded = traced.headers.get(0).get("traceparent");
    // Same trace, a new hop: Baton is a span between the client and the worker.
    assertThat(forwarded).startsWith("00-0af7651916cd43dd8448eb211c80319c-").endsWith("-01")
        .isNotEqualTo(client);
  }

  private HttpResponse<String> stream(String model, int n) {
    return Http.post(baton.baseUrl() + "/v1/chat/completions",
        "{\"model\":\"" + model + "\",\"stream\":true,\"max_tokens\":8,\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"request " + n + " about relay batons\"}]}");
  }

  private String scrape() {
    HttpResponse<String> res = Http.get(baton.adminUrl() + "/metrics");
    assertThat(res.statusCode()).isEqualTo(200);
    return res.body();
  }

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE);

  /** Sums the samples of {@code name} whose labels include {@code labels}. */
  private static double sum(String text, String name, Map<String, String> labels) {
    double total = 0;
    Matcher m = SAMPLE.matcher(text);
    while (m.find()) {
      if (!m.group(1).equals(name)) {
        continue;
      }
      String set = m.group(3) == null ? "" : m.group(3);
      boolean all = labels.entrySet().stream()
          .allMatch(e -> set.contains(e.getKey() + "=\"" + e.getValue() + "\""));
      if (all) {
        total += Double.parseDouble(m.group(4));
      }
    }
    return total;
  }
}
