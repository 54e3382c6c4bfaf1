package dev.baton.server.http;

import static dev.baton.server.testing.TestConfigs.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.router.endpoint.Health;
import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every error status the front door produces, in OpenAI shape, over real HTTP. */
class FrontDoorErrorsTest {
  @RegisterExtension final TestBed bed = new TestBed();
  private BatonServer baton;

  private String chat(String extra) {
    return "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}";
  }

  private ScriptedWorker okWorker() {
    return bed.worker(ex -> ex.json(200, "{\"id\":\"x\",\"choices\":[]}"));
  }

  @Test
  void invalidJsonAndFieldsAre400() {
    ScriptedWorker w = okWorker();
    baton = bed.baton(TestConfigs.aggregated(w.url()));
    String url = baton.baseUrl() + "/v1/chat/completions";
    for (String body : new String[] {
        "{not json", "[1,2]", "{\"messages\":[]}",
        chat(",\"stream\":\"yes\""), chat(",\"max_tokens\":-3"),
        chat(",\"stream_options\":{\"include_usage\":true}"),
        "{\"model\":\"" + MODEL + "\",\"messages\":\"hi\"}"}) {
      HttpResponse<String> r = Http.post(url, body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(Http.error(r).get("type").asText()).isEqualTo("invalid_request_error");
    }
    HttpResponse<String> r =
        Http.post(baton.baseUrl() + "/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":{}}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Http.error(r).get("param").asText()).isEqualTo("prompt");
    assertThat(w.requests.get()).isZero();
  }

  @Test
  void unknownModelIs404ModelNotFound() {
    ScriptedWorker w = okWorker();
    baton = bed.baton(TestConfigs.aggregated(w.url()));
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions",
        "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(Http.error(r).get("code").asText()).isEqualTo("model_not_found");
    HttpResponse<String> route = Http.get(baton.baseUrl() + "/v2/whatever");
    assertThat(route.statusCode()).isEqualTo(404);
    Http.error(route);
  }

  @Test
  void oversizedBodyIs413() {
    ScriptedWorker w = okWorker();
    baton = bed.baton(TestConfigs.aggregated(w.url()));
    String big = chat(",\"pad\":\"" + "x".repeat(80 * 1024) + "\"");
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(Http.error(r).get("code").asText()).isEqualTo("payload_too_large");
  }

  @Test
  void noHealthyWorkerIs503AndNotReady() {
    ScriptedWorker w = okWorker();
    baton = bed.baton(TestConfigs.aggregated(w.url()));
    // Ready once the worker has answered its first health probe.
    Await.until("ready", () -> Http.get(baton.baseUrl() + "/ready").statusCode() == 200);
    baton.runtime().get().endpoints().forEach(e -> e.health(Health.UNHEALTHY));
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions", chat(""));
    assertThat(r.statusCode()).isEqualTo(503);
    Http.error(r);
    assertThat(Http.get(baton.baseUrl() + "/ready").statusCode()).isEqualTo(503);
    assertThat(Http.get(baton.baseUrl() + "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void unreachableWorkerIs502() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    baton = bed.baton(TestConfigs.aggregated("http://127.0.0.1:" + closedPort));
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions", chat(""));
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(Http.error(r).get("code").asText()).isEqualTo("worker_unreachable");
    Await.until("in-flight back to zero",
        () -> baton.runtime().get().endpoints().mapToInt(e -> e.inFlightRequests()).sum() == 0);
  }

  @Test
  void aWorkerThatCannotBeConnectedToIsSkippedForAnother() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    ScriptedWorker w = okWorker();
    baton = bed.baton(TestConfigs.aggregated("http://127.0.0.1:" + closedPort, w.url()));
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions", chat(""));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(w.requests.get()).isEqualTo(1);
    Await.until("in-flight back to zero",
        () -> baton.runtime().get().endpoints().mapToInt(e -> e.inFlightRequests()).sum() == 0);
  }

  @Test
  void silentWorkerIs504AfterFirstByteTimeout() {
    ScriptedWorker w = bed.worker(ex -> {}); // never answers
    baton = bed.baton(TestConfigs.aggregated(TestConfigs.timeouts(1000, 300, 5000), w.url()));
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions", chat(""));
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(Http.error(r).get("code").asText()).isEqualTo("worker_timeout");
    // The worker's request was aborted, so it does not keep computing for nobody.
    Await.until("worker saw the abort", () -> w.hangUps.get() == 1);
    Await.until("in-flight back to zero",
        () -> baton.runtime().get().endpoints().mapToInt(e -> e.inFlightRequests()).sum() == 0);
  }

  @Test
  void workerErrorsPassThrough() {
    String body = "{\"error\":{\"message\":\"too long\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}";
    ScriptedWorker w = bed.worker(ex -> ex.json(400, body));
    baton = bed.baton(TestConfigs.aggregated(w.url()));
    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions", chat(""));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(body);
  }

  @Test
  void modelsListsConfiguredModels() {
    ScriptedWorker w = okWorker();
    baton = bed.baton(TestConfigs.aggregated(w.url()));
    JsonNode models = Http.json(Http.get(baton.baseUrl() + "/v1/models").body());
    assertThat(models.get("object").asText()).isEqualTo("list");
    assertThat(models.get("data").get(0).get("id").asText()).isEqualTo(MODEL);
    assertThat(models.get("data").get(0).get("object").asText()).isEqualTo("model");
  }
}
