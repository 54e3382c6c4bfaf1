package dev.baton.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.server.BatonServer;
import dev.baton.server.testing.AccessLines;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.transfer.handoff.PrefillFailurePolicy;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Baton reports is what happened, each over real sockets: the endpoint that served after a
 * failover and every attempt; tokens counted from content chunks only when a worker sends no
 * usage; a worker's 4xx on the prefill leg is {@code rejected} and feeds no TTFT.
 */
class TruthfulReportsTest {
  private static final String STREAM = "{\"model\":\"" + TestConfigs.MODEL
      + "\",\"prompt\":\"hello there\",\"max_tokens\":3,\"stream\":true}";

  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void afterAFailoverTheLogAndMetricsNameTheEndpointThatServedWithEveryAttempt() {
    ScriptedWorker busy = bed.worker(x -> x.json(503,
        "{\"error\":{\"message\":\"busy\",\"type\":\"x\",\"param\":null,\"code\":null}}"));
    SimWorker sim = bed.sim(SimConfig.defaults().withModel(TestConfigs.MODEL).withSpeed(100));
    BatonServer baton = bed.baton(TestConfigs.aggregated(busy.url(), sim.baseUrl()));
    awaitSchedulable(baton);
    String busyId = "127.0.0.1:" + busy.port();
    String simId = "127.0.0.1:" + sim.port();
    try (AccessLines log = new AccessLines()) {
      JsonNode failedOver = null;
      for (int i = 0; i < 20 && failedOver == null; i++) {
        HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/completions",
            "{\"model\":\"" + TestConfigs.MODEL + "\",\"prompt\":\"try " + i + "\",\"max_tokens\":2}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode line = log.of(r.headers().firstValue("x-request-id").orElseThrow());
        if (line.get("attempts").size() == 2) {
          failedOver = line;
        }
      }
      assertThat(failedOver).as("the busy worker was picked first at least once").isNotNull();
      assertThat(failedOver.get("decode_endpoint").asText()).isEqualTo(simId);
      assertThat(failedOver.get("attempts").toString()).isEqualTo("[{\"leg\":\"decode\",\"endpoint\":\""
          + busyId + "\",\"outcome\":\"bad_answer\",\"status\":503},{\"leg\":\"decode\",\"endpoint\":\""
          + simId + "\",\"outcome\":\"answered\",\"status\":200}]");
      assertThat(failedOver.get("completion_tokens").asInt()).isEqualTo(2);
    }
    String metrics = Http.get(baton.adminUrl() + "/metrics").body();
    assertThat(value(metrics, "baton_endpoint_attempts_total", simId, "answered")).isPositive();
    assertThat(value(metrics, "baton_endpoint_attempts_total", busyId, "bad_answer")).isPositive();
  }

  @Test
  void aStreamWithoutUsageCountsItsContentChunksNotItsRoleChunk() {
    ScriptedWorker worker = bed.worker(x -> {
      x.sseHead();
      x.event("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}");
      for (String word : List.of("one", " two", " three")) {
        x.event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + word + "\"}}]}");
      }
      x.event("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}");
      x.response().end("data: [DONE]\n\n");
    });
    BatonServer baton = bed.baton(TestConfigs.aggregated(worker.url()));
    awaitSchedulable(baton);
    try (AccessLines log = new AccessLines()) {
      HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions",
          "{\"model\":\"" + TestConfigs.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
              + "\"stream\":true}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"content\":\" three\"").endsWith("data: [DONE]\n\n");
      JsonNode line = log.of(r.headers().firstValue("x-request-id").orElseThrow());
      assertThat(line.get("completion_tokens").asInt()).isEqualTo(3);
      assertThat(line.get("ttft_ms").isNull()).isFalse();
    }
    assertThat(worker.bodies.get(0).getJsonObject("stream_options").getBoolean("include_usage"))
        .as("Baton asked for the usage chunk").isTrue();
  }

  @Test
  void aPrefillLegRefusedWith400IsRejectedAndFeedsNoTtft() {
    ScriptedWorker prefill = bed.worker(x -> x.json(400, "{\"error\":{\"message\":\"prompt too long\","
        + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}"));
    SimWorker decode = bed.sim(SimConfig.defaults().withModel(TestConfigs.MODEL).withSpeed(100));
    BatonServer baton = bed.baton(TestConfigs.split("nixl", 0, PrefillFailurePolicy.DECODE,
        UpstreamTimeouts.DEFAULTS, List.of(prefill.url()), List.of(decode.baseUrl())));
    awaitSchedulable(baton);
    try (AccessLines log = new AccessLines()) {
      HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/completions", STREAM);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      JsonNode line = log.of(r.headers().firstValue("x-request-id").orElseThrow());
      assertThat(line.get("outcome").asText()).isEqualTo("rejected");
      assertThat(line.get("prefill_outcome").asText()).isEqualTo("client_error");
      assertThat(line.get("ttft_ms").isNull()).isTrue();
      assertThat(line.get("prompt_tokens").isNull()).as("no worker served it").isTrue();
    }
    String metrics = Http.get(baton.adminUrl() + "/metrics").body();
    assertThat(metrics).contains("outcome=\"rejected\"").doesNotContain("outcome=\"upstream_error\"");
    assertThat(metrics).doesNotContainPattern("baton_request_ttft_seconds_count\\{[^}]*} [1-9]");
    assertThat(decode.stats().requestsReceived()).isZero();
  }

  @Test
  void aWorkers404IsRejectedAndFeedsNoTtft() {
    ScriptedWorker worker = bed.worker(x -> x.json(404, "{\"error\":{\"message\":\"The model does not"
        + " exist.\",\"type\":\"NotFoundError\",\"param\":\"model\",\"code\":404}}"));
    BatonServer baton = bed.baton(TestConfigs.aggregated(worker.url()));
    awaitSchedulable(baton);
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/completions", STREAM);
    assertThat(r.statusCode()).isEqualTo(404);
    // The relayed answer can reach the client before Baton records the request's end.
    Await.until("the request recorded as rejected",
        () -> Http.get(baton.adminUrl() + "/metrics").body().contains("outcome=\"rejected\""));
    String metrics = Http.get(baton.adminUrl() + "/metrics").body();
    assertThat(metrics).doesNotContainPattern("baton_request_ttft_seconds_count\\{[^}]*} [1-9]");
  }

  private static void awaitSchedulable(BatonServer baton) {
    Await.until("every endpoint probed healthy",
        () -> baton.runtime().get().endpoints().allMatch(EndpointState::schedulable));
  }

  private static double value(String metrics, String name, String endpoint, String outcome) {
    Matcher m = Pattern.compile("^" + name + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    double total = 0;
    while (m.find()) {
      if (m.group(1).contains("endpoint=\"" + endpoint + "\"")
          && m.group(1).contains("outcome=\"" + outcome + "\"")) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }
}
