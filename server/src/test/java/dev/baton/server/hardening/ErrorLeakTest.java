package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.RawClient;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients learn what went wrong in OpenAI's words, never Baton's internals (exception classes,
 * worker addresses) or the worker's software and raw error pages; the operator finds the detail
 * in the log under the request id.
 */
class ErrorLeakTest {
  private static final int DIALS = 200;

  @RegisterExtension final TestBed bed = new TestBed();

  /** Where the transfer layer logs what the client is not told. */
  private static final String[] DETAIL_LOGGERS =
      {"dev.baton.transfer.error.UpstreamFailure", "dev.baton.transfer.relay.ErrorAnswerRelay"};

  private BatonServer baton;
  private ScriptedWorker live;
  private int deadPort;

  /**
   * Model {@code m} on {@code script}'s worker, model {@code dead} on a port nobody listens on,
   * neither ever taken out of scheduling: every request to {@code dead} is a dial.
   */
  private void start(io.vertx.core.Handler<ScriptedWorker.Exchange> script) throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    live = bed.worker(script);
    baton = bed.baton(ConfigLoader.parse("""
        server: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0}
        healthChecks: {unhealthyThreshold: 1000}
        resilience: {breaker: {enabled: false}}
        pools:
          - {name: p, models: [m], endpoints: [{url: "%s", role: both}]}
          - {name: d, models: [dead], endpoints: [{url: "http://127.0.0.1:%d", role: both}]}
        """.formatted(live.url(), deadPort), "baton.yaml"));
  }


  private void assertNoInternals(HttpResponse<String> r) {
    assertNoInternals(r.body(), r.headers().firstValue("server").orElse(null),
        r.headers().firstValue("x-powered-by").orElse(null));
  }

  private void assertNoInternals(String body, String server, String poweredBy) {
    assertThat(body).doesNotContain("127.0.0.1", String.valueOf(deadPort),
        String.valueOf(live.port()), "netty", "Exception", "Traceback", "uvicorn", "<html");
    assertThat(server).isNull();
    assertThat(poweredBy).isNull();
  }

  @Test
  void anUnreachableWorkerIsNamedNowhereButInTheLog() throws Exception {
    start(Hostile::ok);
    Hostile.normalChatServed(baton, live, Map.of());
    Baseline baseline = Baseline.take("unreachable worker", baton);
    // 200 requests on fresh connections, each a refused dial (the breaker is off, so Baton keeps
    // dialling): none names the worker, none may leave a socket behind.
    String dead = Hostile.CHAT.replace("\"m\"", "\"dead\"");
    try (LogCapture log = new LogCapture(DETAIL_LOGGERS)) {
      for (int i = 0; i < DIALS; i++) {
        RawClient.Response r = Hostile.raw(baton,
            "POST /v1/chat/completions HTTP/1.1\r\nX-Request-Id: leak-" + i, dead);
        assertThat(r.status()).as(r.body()).isEqualTo(502);
        assertThat(Hostile.error(r).get("message").asText())
            .isEqualTo("The worker is unavailable");
        assertNoInternals(r.body(), r.header("server"), r.header("x-powered-by"));
        if (i % 20 == 19) {
          Hostile.normalChatServed(baton, live, Map.of());
        }
      }
      Await.until("the detail logged with the request id", () -> log.lines().stream()
          .anyMatch(l -> l.contains("leak-0") && l.contains(String.valueOf(deadPort))));
    }
    baseline.assertReturned();
    Hostile.normalChatServed(baton, live, Map.of());
  }

  @Test
  void rawWorkerErrorsAreReplacedWithTheSameStatusAndOpenAiErrorsPass() throws Exception {
    start(ex -> {
      String kind = ex.body().toJsonObject().getJsonArray("messages").getJsonObject(0)
          .getString("content");
      ex.response().putHeader("server", "uvicorn").putHeader("x-powered-by", "python");
      switch (kind) {
        case "html" -> ex.response().setStatusCode(500).putHeader("content-type", "text/html")
            .end("<html>Traceback (most recent call last): /opt/vllm/entrypoints/x.py</html>");
        case "fastapi" -> ex.json(404, "{\"detail\":\"Not Found\"}");
        case "flat" -> ex.json(400, "{\"object\":\"error\",\"message\":\"prompt too long\","
            + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}");
        case "openai" -> ex.json(400, "{\"error\":{\"message\":\"bad temperature\","
            + "\"type\":\"BadRequestError\",\"param\":\"temperature\",\"code\":400}}");
        default -> Hostile.ok(ex);
      }
    });
    try (LogCapture log = new LogCapture(DETAIL_LOGGERS)) {
      HttpResponse<String> html = say("html", "leak-2");
      assertThat(html.statusCode()).isEqualTo(500);
      assertThat(Http.error(html).get("type").asText()).isEqualTo("upstream_error");
      assertNoInternals(html);
      Await.until("the raw body logged with the request id", () -> log.lines().stream()
          .anyMatch(l -> l.contains("leak-2") && l.contains("Traceback")));
    }
    HttpResponse<String> fastapi = say("fastapi", "leak-3");
    assertThat(fastapi.statusCode()).isEqualTo(404);
    assertThat(Http.error(fastapi).get("message").asText()).doesNotContain("detail");
    assertNoInternals(fastapi);

    HttpResponse<String> flat = say("flat", "leak-4");
    assertThat(flat.statusCode()).isEqualTo(400);
    assertThat(Http.error(flat).get("message").asText()).isEqualTo("prompt too long");
    assertNoInternals(flat);

    HttpResponse<String> openai = say("openai", "leak-5");
    assertThat(openai.statusCode()).isEqualTo(400);
    assertThat(Http.error(openai).get("param").asText()).isEqualTo("temperature");
    assertNoInternals(openai);

    HttpResponse<String> ok = say("fine", "leak-6");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertNoInternals(ok);
    Hostile.normalChatServed(baton, live, Map.of());
  }

  private HttpResponse<String> say(String content, String requestId) {
    return Http.post(baton.baseUrl() + "/v1/chat/completions",
        Hostile.CHAT.replace("\"hi\"", "\"" + content + "\""), Map.of("x-request-id", requestId));
  }
}
