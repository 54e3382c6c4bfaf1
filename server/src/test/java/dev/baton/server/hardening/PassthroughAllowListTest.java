package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.RawClient;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Only the allow-listed {@code /v1/*} routes reach workers, and each passes the checks chat passes:
 * auth, limits, rate limits, access log, and the stripping of client {@code kv_transfer_params}.
 */
class PassthroughAllowListTest {
  @RegisterExtension final TestBed bed = new TestBed();

  private static final Map<String, String> TEAM = Map.of("authorization", "Bearer team-key");
  private static final List<String> UNLISTED = List.of("/v1/load_lora_adapter",
      "/v1/unload_lora_adapter", "/v1/responses/resp_1", "/v1/tokenize", "/v1/audio/speech",
      "/v1/files");
  private static final int ROUNDS = 50;

  private static ScriptedWorker echoPathWorker(TestBed bed) {
    return bed.worker(ex -> ex.json(200, "{\"path\":\"" + ex.request().path() + "\"}"));
  }

  @Test
  void allowListedRoutesPassEveryCheck() {
    ScriptedWorker worker = echoPathWorker(bed);
    BatonServer baton = bed.baton(Hostile.config(worker, """
        auth: {keys: [{name: team, key: team-key}, {name: other, key: other-key}]}
        limits:
          maxPromptChars: 2000
          tenants: {team: {requestsPerMinute: 3}}
        """));
    String embeddings = baton.baseUrl() + "/v1/embeddings";
    try (LogCapture access = new LogCapture(AccessLog.LOGGER_NAME)) {
      HttpResponse<String> ok = Http.post(embeddings, "{\"model\":\"m\",\"input\":\"hello\","
          + "\"kv_transfer_params\":{\"remote_host\":\"10.0.0.9\",\"remote_port\":5600}}",
          Map.of("authorization", "Bearer team-key", "x-request-id", "emb-1"));
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("{\"path\":\"/v1/embeddings\"}");
      assertThat(worker.bodies.get(0).containsKey("kv_transfer_params")).isFalse();
      assertThat(worker.bodies.get(0).getString("input")).isEqualTo("hello");
      Await.until("access line of the embeddings request", () -> access.lines().stream()
          .anyMatch(l -> l.contains("\"request_id\":\"emb-1\"") && l.contains("\"status\":200")
              && l.contains("\"model\":\"m\"")));
    }

    assertThat(Http.post(embeddings, "{\"model\":\"m\",\"input\":\"x\"}").statusCode())
        .isEqualTo(401);
    HttpResponse<String> tooLong =
        Http.post(embeddings, "{\"model\":\"m\",\"input\":\"" + "x".repeat(3000) + "\"}", TEAM);
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(Http.error(tooLong).get("code").asText()).isEqualTo("context_length_exceeded");
    HttpResponse<String> noModel = Http.post(embeddings, "{\"input\":\"x\"}", TEAM);
    assertThat(noModel.statusCode()).isEqualTo(400);
    assertThat(Http.error(noModel).get("param").asText()).isEqualTo("model");
    assertThat(worker.requests.get()).isEqualTo(1);

    // Three requests a minute for team: two more pass, the next is rate limited.
    for (int i = 0; i < 2; i++) {
      assertThat(Http.post(embeddings, "{\"model\":\"m\",\"input\":\"x\"}", TEAM).statusCode())
          .isEqualTo(200);
    }
    HttpResponse<String> limited = Http.post(embeddings, "{\"model\":\"m\",\"input\":\"x\"}", TEAM);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).isPresent();
    Http.error(limited);
    assertThat(worker.requests.get()).isEqualTo(3);

    // Metrics: the 200s and the 429 of the embeddings route are counted like chat's.
    Await.until("embeddings requests counted", () -> requests(baton, "200") == 3
        && requests(baton, "429") == 1);
    Hostile.normalChatServed(baton, worker, Map.of("authorization", "Bearer other-key"));
  }

  @Test
  void unlistedRoutesAreRefusedAsOftenAsAskedAndCostTheTenantNothing() throws Exception {
    ScriptedWorker worker = echoPathWorker(bed);
    BatonServer baton = bed.baton(Hostile.config(worker, """
        auth: {keys: [{name: team, key: team-key}, {name: other, key: other-key}]}
        limits: {tenants: {team: {requestsPerMinute: 3}}}
        """));
    Map<String, String> other = Map.of("authorization", "Bearer other-key");
    Hostile.normalChatServed(baton, worker, other);
    Baseline baseline = Baseline.take("unlisted routes", baton);
    // 50 rounds of six unlisted routes with team's key: 300 refusals on fresh connections,
    // another tenant's request served between rounds.
    for (int round = 0; round < ROUNDS; round++) {
      for (String route : UNLISTED) {
        RawClient.Response r = Hostile.raw(baton, "POST " + route + " HTTP/1.1\r\n"
            + "Authorization: Bearer team-key", "{\"model\":\"m\",\"lora_name\":\"x\"}");
        assertThat(r.status()).as(route).isEqualTo(404);
        assertThat(Hostile.error(r).get("code").asText()).isEqualTo("not_found");
      }
      if (round % 10 == 9) {
        Hostile.normalChatServed(baton, worker, other);
      }
    }
    assertThat(worker.requests.get()).as("only the normal requests reached the worker")
        .isEqualTo(1 + ROUNDS / 10);
    baseline.assertReturned();
    // None of the 300 refusals was charged to team's three requests a minute.
    RawClient.Response embeddings = Hostile.raw(baton, "POST /v1/embeddings HTTP/1.1\r\n"
        + "Authorization: Bearer team-key", "{\"model\":\"m\",\"input\":\"x\"}");
    assertThat(embeddings.status()).as(embeddings.body()).isEqualTo(200);
    Hostile.normalChatServed(baton, worker, other);
  }

  private static double requests(BatonServer baton, String status) {
    return baton.metrics().registry().find("baton.requests").tag("model", "m")
        .tag("status", status).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void theAllowListIsConfigurable() {
    ScriptedWorker worker = echoPathWorker(bed);
    BatonServer baton = bed.baton(dev.baton.server.config.ConfigLoader.parse("""
        server: {host: 127.0.0.1, port: 0, passthroughRoutes: [/v1/classify]}
        admin: {host: 127.0.0.1, port: 0}
        pools: [{name: p, models: [m], endpoints: [{url: "%s", role: both}]}]
        """.formatted(worker.url()), "baton.yaml"));
    HttpResponse<String> classify =
        Http.post(baton.baseUrl() + "/v1/classify", "{\"model\":\"m\",\"input\":\"x\"}");
    assertThat(classify.statusCode()).isEqualTo(200);
    assertThat(classify.body()).isEqualTo("{\"path\":\"/v1/classify\"}");
    HttpResponse<String> embeddings =
        Http.post(baton.baseUrl() + "/v1/embeddings", "{\"model\":\"m\",\"input\":\"x\"}");
    assertThat(embeddings.statusCode()).isEqualTo(404);
    assertThat(worker.requests.get()).isEqualTo(1);
    Hostile.normalChatServed(baton, worker, Map.of());
  }

  @Test
  void routesThatAreNotPlainV1PathsFailValidation() {
    for (String bad : List.of("/v1/chat%2Fcompletions", "/v2/x", "/v1/../admin", "/v1/chat/completions")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.baton.server.config.ConfigLoader
              .parse("server: {passthroughRoutes: [\"" + bad + "\"]}", "baton.yaml"))
          .as(bad).hasMessageContaining("server.passthroughRoutes[0]");
    }
  }
}
