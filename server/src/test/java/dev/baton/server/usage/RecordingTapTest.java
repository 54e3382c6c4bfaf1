package dev.baton.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.AccessLines;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.sim.SimConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 200 mixed requests (streamed or not, chat or completions, split over NIXL or whole, some failed
 * over) through Baton to simulated workers behind recording taps: Baton's access log, its
 * {@code baton_*} token counters and the tenant's token charges equal, exactly, the usage the
 * workers themselves reported for the answers their clients got.
 */
class RecordingTapTest {
  private static final int REQUESTS = 200;
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void batonsFiguresAreTheWorkersOwnUsage() throws Exception {
    SimConfig agg = SimConfig.defaults().withModel("agg").withSpeed(100);
    SimConfig pd = SimConfig.defaults().withModel("pd").withSpeed(100);
    UsageTap aggA = tap(agg, 6);
    UsageTap aggB = tap(agg, 0);
    UsageTap prefill = tap(pd, 11);
    UsageTap decodeA = tap(pd, 5);
    UsageTap decodeB = tap(pd, 0);
    List<UsageTap> taps = List.of(aggA, aggB, prefill, decodeA, decodeB);
    BatonServer baton = bed.baton(ConfigLoader.parse("""
        server: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0}
        # A loaded test machine must not take endpoints out: only the taps' 503s fail requests.
        healthChecks: {timeout: 10s, unhealthyThreshold: 100}
        limits:
          tenants:
            team-a: {tokensPerMinute: 100000000}
        pools:
          - name: agg
            models: [agg]
            endpoints: [{url: "%s"}, {url: "%s"}]
          - name: pd
            models: [pd]
            dialect: nixl
            disaggregation: {enabled: true, uncachedTokenThreshold: 0, prefillRetries: 0}
            endpoints:
              - {url: "%s", role: prefill}
              - {url: "%s", role: decode}
              - {url: "%s", role: decode}
        """.formatted(aggA.url(), aggB.url(), prefill.url(), decodeA.url(), decodeB.url()),
        "baton.yaml", k -> null));

    Await.until("every endpoint probed healthy",
        () -> baton.runtime().get().endpoints().allMatch(EndpointState::schedulable));
    Map<String, Request> sent = new HashMap<>();
    try (AccessLines log = new AccessLines()) {
      for (int batch = 0; batch < REQUESTS; batch += 8) {
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        List<Request> requests = new ArrayList<>();
        for (int i = batch; i < batch + 8; i++) {
          Request r = Request.of(i);
          requests.add(r);
          inFlight.add(send(baton, r));
        }
        for (int k = 0; k < requests.size(); k++) {
          HttpResponse<String> response = inFlight.get(k).get();
          Request r = requests.get(k);
          String id = response.headers().firstValue("x-request-id").orElseThrow();
          sent.put(id, r.answered(response));
        }
      }
      List<JsonNode> lines = log.awaitAtLeast(REQUESTS);

      Map<String, UsageTap.Answer> delivered = new HashMap<>();
      taps.stream().flatMap(t -> t.answers.stream())
          .filter(a -> !a.prefill() && a.status() == 200)
          .forEach(a -> assertThat(delivered.put(a.requestId(), a)).as("one answer per request")
              .isNull());
      long prompt = 0;
      long completion = 0;
      int failedOver = 0;
      for (JsonNode line : lines) {
        String id = line.get("request_id").asText();
        Request r = sent.get(id);
        UsageTap.Answer worker = delivered.get(id);
        assertThat(r).as("a line per request sent").isNotNull();
        if (worker == null) {
          assertThat(line.get("status").asInt()).as(line.toString()).isNotEqualTo(200);
          assertThat(line.get("completion_tokens").isNull()).as(line.toString()).isTrue();
          continue;
        }
        assertThat(r.status).as(line.toString()).isEqualTo(200);
        assertThat(line.get("prompt_tokens").asLong()).as(line.toString()).isEqualTo(worker.prompt());
        assertThat(line.get("completion_tokens").asLong()).as(line.toString())
            .isEqualTo(worker.completion());
        prompt += worker.prompt();
        completion += worker.completion();
        if (line.get("attempts").size() > (line.get("route").asText().equals("disaggregated") ? 2 : 1)) {
          failedOver++;
        }
        if (r.stream) {
          assertThat(worker.asked().getJsonObject("stream_options").getBoolean("include_usage"))
              .as("Baton asks every streamed leg for usage").isTrue();
          assertThat(r.body.contains("\"choices\":[]")).as("usage chunk only when asked: " + r)
              .isEqualTo(r.askUsage);
        }
      }
      assertThat(delivered).hasSizeGreaterThan(REQUESTS / 2);
      assertThat(failedOver).as("some requests were failed over").isPositive();
      assertThat(lines.stream().filter(l -> l.get("route").asText().equals("disaggregated")).count())
          .isPositive();

      String metrics = Http.get(baton.adminUrl() + "/metrics").body();
      assertThat(sum(metrics, "baton_prompt_tokens_total")).isEqualTo(prompt);
      assertThat(sum(metrics, "baton_completion_tokens_total")).isEqualTo(completion);
      assertThat(sum(metrics, "baton_tenant_tokens_total\\{tenant=\"team-a\"")).isEqualTo(prompt + completion);
    }
  }

  private UsageTap tap(SimConfig config, int failEvery) {
    return bed.closeAfter(UsageTap.start(bed.vertx(), bed.sim(config).port(), failEvery));
  }

  /** Sums every sample of the metric (all label sets). */
  private static long sum(String exposition, String name) {
    Matcher m = Pattern.compile("^" + name + "[^\\n]* (\\S+)$", Pattern.MULTILINE).matcher(exposition);
    double total = 0;
    boolean found = false;
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
      found = true;
    }
    assertThat(found).as(name + " in /metrics").isTrue();
    return Math.round(total);
  }

  private static CompletableFuture<HttpResponse<String>> send(BatonServer baton, Request r) {
    return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(baton.baseUrl() + r.path()))
        .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
        .header("x-tenant", "team-a").POST(HttpRequest.BodyPublishers.ofString(r.json())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** One request of the mix, and what its client got. */
  private record Request(int i, String model, boolean chat, boolean stream, boolean askUsage,
      int status, String body) {

    static Request of(int i) {
      boolean stream = (i / 4) % 2 == 0;
      return new Request(i, i % 2 == 0 ? "agg" : "pd", (i / 2) % 2 == 0, stream,
          stream && (i / 8) % 2 == 0, 0, null);
    }

    Request answered(HttpResponse<String> response) {
      return new Request(i, model, chat, stream, askUsage, response.statusCode(), response.body());
    }

    String path() {
      return chat ? "/v1/chat/completions" : "/v1/completions";
    }

    String json() {
      String prompt = "request " + i + " about" + " relay batons".repeat(5 + i % 7);
      String input = chat
          ? "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]"
          : "\"prompt\":\"" + prompt + "\"";
      return "{\"model\":\"" + model + "\"," + input + ",\"max_tokens\":" + (2 + i % 5)
          + (stream ? ",\"stream\":true" : "")
          + (askUsage ? ",\"stream_options\":{\"include_usage\":true}" : "") + "}";
    }
  }

}
