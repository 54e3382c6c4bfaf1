package dev.baton.server.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.resilience.BatonWithSims;
import dev.baton.server.testing.Http;
import dev.baton.sim.SimWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed, oversized and hostile requests: each gets a clear 4xx in OpenAI's shape, none reaches
 * a worker, and the router serves normally afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {
  private static final String M = BatonWithSims.MODEL;
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private static BatonWithSims fleet;

  @BeforeAll
  static void start() {
    fleet = BatonWithSims.aggregated(1, """
        limits: {maxHeaders: 50, maxHeaderBytes: 8192, maxJsonDepth: 32, maxPromptChars: 20000, maxTokens: 4096}
        """);
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  private static String nested(int depth) {
    return "{\"model\":\"" + M + "\",\"prompt\":\"x\",\"extra\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
  }

  static Stream<Arguments> badBodies() {
    String chat = "/v1/chat/completions";
    String comp = "/v1/completions";
    return Stream.of(
        Arguments.of("not JSON", comp, "hello", 400),
        Arguments.of("empty body", comp, "", 400),
        Arguments.of("a JSON array", comp, "[]", 400),
        Arguments.of("a JSON string", comp, "\"x\"", 400),
        Arguments.of("JSON null", comp, "null", 400),
        Arguments.of("truncated JSON", comp, "{\"model\":", 400),
        Arguments.of("trailing garbage", comp, "{\"model\":\"" + M + "\",\"prompt\":\"x\"} x", 400),
        Arguments.of("no model", comp, "{\"prompt\":\"x\"}", 400),
        Arguments.of("model a number", comp, "{\"model\":7,\"prompt\":\"x\"}", 400),
        Arguments.of("model empty", comp, "{\"model\":\"\",\"prompt\":\"x\"}", 400),
        Arguments.of("model an object", comp, "{\"model\":{\"a\":1},\"prompt\":\"x\"}", 400),
        Arguments.of("unknown model", comp, "{\"model\":\"gpt-17\",\"prompt\":\"x\"}", 404),
        Arguments.of("SSE injection in the model", chat,
            "{\"model\":\"x\\n\\ndata: [DONE]\\n\\n\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}", 404),
        Arguments.of("stream a string", comp, "{\"model\":\"" + M + "\",\"prompt\":\"x\",\"stream\":\"yes\"}", 400),
        Arguments.of("stream_options without stream", comp,
            "{\"model\":\"" + M + "\",\"prompt\":\"x\",\"stream_options\":{\"include_usage\":true}}", 400),
        Arguments.of("negative max_tokens", comp, "{\"model\":\"" + M + "\",\"prompt\":\"x\",\"max_tokens\":-1}", 400),
        Arguments.of("fractional max_tokens", comp, "{\"model\":\"" + M + "\",\"prompt\":\"x\",\"max_tokens\":1.5}", 400),
        Arguments.of("max_tokens past int", comp,
            "{\"model\":\"" + M + "\",\"prompt\":\"x\",\"max_tokens\":99999999999999}", 400),
        Arguments.of("max_tokens 1e400", comp, "{\"model\":\"" + M + "\",\"prompt\":\"x\",\"max_tokens\":1e400}", 400),
        Arguments.of("max_tokens above the limit", comp,
            "{\"model\":\"" + M + "\",\"prompt\":\"x\",\"max_tokens\":5000}", 400),
        Arguments.of("max_completion_tokens above the limit", chat,
            "{\"model\":\"" + M + "\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"max_completion_tokens\":100000}", 400),
        Arguments.of("n a string", comp, "{\"model\":\"" + M + "\",\"prompt\":\"x\",\"n\":\"2\"}", 400),
        Arguments.of("prompt a number", comp, "{\"model\":\"" + M + "\",\"prompt\":42}", 400),
        Arguments.of("prompt an object", comp, "{\"model\":\"" + M + "\",\"prompt\":{\"a\":1}}", 400),
        Arguments.of("prompt missing", comp, "{\"model\":\"" + M + "\"}", 400),
        Arguments.of("messages a string", chat, "{\"model\":\"" + M + "\",\"messages\":\"hi\"}", 400),
        Arguments.of("messages empty", chat, "{\"model\":\"" + M + "\",\"messages\":[]}", 400),
        Arguments.of("message without role", chat, "{\"model\":\"" + M + "\",\"messages\":[{\"content\":\"a\"}]}", 400),
        Arguments.of("message content a number", chat,
            "{\"model\":\"" + M + "\",\"messages\":[{\"role\":\"user\",\"content\":5}]}", 400),
        Arguments.of("nesting 40 deep", comp, nested(40), 400),
        Arguments.of("nesting 5000 deep", comp, nested(5000), 400),
        Arguments.of("prompt past the character limit", comp,
            "{\"model\":\"" + M + "\",\"prompt\":\"" + "a".repeat(30_000) + "\"}", 400),
        Arguments.of("body past maxBodyBytes", comp,
            "{\"model\":\"" + M + "\",\"prompt\":\"" + "a".repeat(300_000) + "\"}", 413));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void aBadBodyGetsAClearFourHundredAndNeverReachesAWorker(String what, String path, String body,
      int status) {
    long before = worker().stats().requestsReceived();
    HttpResponse<String> r = Http.post(fleet.url(path), body);
    assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(status);
    JsonNode error = Http.error(r);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(r.body()).as("no raw SSE framing in an error body").doesNotContain("\n");
    assertThat(worker().stats().requestsReceived()).isEqualTo(before);
  }

  @Test
  void invalidUtf8IsRejected() throws Exception {
    byte[] body = ("{\"model\":\"" + M + "\",\"prompt\":\"").getBytes();
    byte[] bad = new byte[body.length + 4];
    System.arraycopy(body, 0, bad, 0, body.length);
    bad[body.length] = (byte) 0xC3;
    bad[body.length + 1] = (byte) 0x28;
    bad[body.length + 2] = '"';
    bad[body.length + 3] = '}';
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(fleet.url("/v1/completions")))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bad))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    Http.error(r);
  }

  @Test
  void tooDeepABodyIsJsonTooDeepOnEveryRouteThatReadsJson() {
    for (String path : new String[] {"/v1/completions", "/v1/embeddings"}) {
      long before = worker().stats().requestsReceived();
      HttpResponse<String> r = Http.post(fleet.url(path), nested(33));
      assertThat(r.statusCode()).as(path).isEqualTo(400);
      JsonNode error = Http.error(r);
      assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
      assertThat(error.get("code").asText()).isEqualTo("json_too_deep");
      assertThat(error.get("message").asText()).isEqualTo("JSON nesting deeper than 32");
      assertThat(worker().stats().requestsReceived()).isEqualTo(before);
    }
    HttpResponse<String> limit = Http.post(fleet.url("/v1/completions"),
        "{\"model\":\"" + M + "\",\"prompt\":\"x\",\"max_tokens\":2,\"extra\":"
            + "[".repeat(31) + "]".repeat(31) + "}");
    assertThat(limit.statusCode()).as("32 deep with the body's own object").isEqualTo(200);
    HttpResponse<String> malformed = Http.post(fleet.url("/v1/completions"), "{\"model\":");
    assertThat(Http.error(malformed).get("code").asText()).isEqualTo("invalid_json");
  }

  @Test
  void tooManyHeadersAre431() {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < 60; i++) {
      headers.put("x-h" + i, "v");
    }
    HttpResponse<String> r = Http.post(fleet.url("/v1/completions"), ok(), headers);
    assertThat(r.statusCode()).isEqualTo(431);
    assertThat(Http.error(r).get("code").asText()).isEqualTo("too_many_headers");
  }

  @Test
  void aRequestLinePastVertxsLimitIs414() {
    HttpResponse<String> r = Http.post(fleet.url("/v1/completions?q=" + "a".repeat(10_000)), ok());
    assertThat(r.statusCode()).isEqualTo(414);
    assertThat(Http.error(r).get("code").asText()).isEqualTo("uri_too_long");
  }

  @Test
  void largeHeadersAre431EvenPastVertxsOwnLimit() {
    HttpResponse<String> r = Http.post(fleet.url("/v1/completions"), ok(),
        Map.of("x-big", "a".repeat(10_000)));
    assertThat(r.statusCode()).isEqualTo(431);
    assertThat(Http.error(r).get("code").asText()).isEqualTo("headers_too_large");
    HttpResponse<String> huge = Http.post(fleet.url("/v1/completions"), ok(),
        Map.of("x-huge", "a".repeat(40_000)));
    assertThat(huge.statusCode()).isEqualTo(431);
    Http.error(huge);
  }

  @Test
  void kvTransferParamsFromAClientAreDroppedSoNoWorkerDialsAHostOfTheirChoice() {
    SimWorker w = worker();
    long fallbacks = w.stats().localPrefillFallbacks();
    HttpResponse<String> r = Http.post(fleet.url("/v1/completions"), """
        {"model":"%s","prompt":"hello there","max_tokens":3,
         "kv_transfer_params":{"do_remote_prefill":true,"remote_engine_id":"evil","remote_block_ids":[1,2],
           "remote_host":"203.0.113.9","remote_port":5600,"remote_request_id":"x"}}""".formatted(M));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(w.stats().kvTransfersIn()).isZero();
    assertThat(w.stats().localPrefillFallbacks()).isEqualTo(fallbacks);
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void theRouterServesNormallyAfterAllOfIt() {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = Http.post(fleet.url("/v1/chat/completions"), """
          {"model":"%s","stream":true,"max_tokens":5,
           "messages":[{"role":"user","content":"still there? \\n\\ndata: [DONE]\\n\\n"}]}""".formatted(M));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).endsWith("data: [DONE]\n\n").doesNotContain("\"error\"");
    }
    fleet.awaitQuiet();
  }

  private static String ok() {
    return "{\"model\":\"" + M + "\",\"prompt\":\"x\",\"max_tokens\":2}";
  }

  private static SimWorker worker() {
    return fleet.workers.get(0);
  }
}
