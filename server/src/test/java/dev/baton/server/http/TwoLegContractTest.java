package dev.baton.server.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.baton.server.testing.TestConfigs.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestConfigs;
import dev.baton.transfer.handoff.PrefillFailurePolicy;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact JSON of both legs, per dialect and request kind, against WireMock workers; the answer
 * the client gets is the decode's.
 */
class TwoLegContractTest {
  private static final String CHAT_PATH = "/v1/chat/completions";
  private static final String COMPLETIONS_PATH = "/v1/completions";
  private static final String HANDLE_PARAMS = """
      {"do_remote_prefill":true,"do_remote_decode":false,"remote_block_ids":[4,5],
       "remote_engine_id":"eng-p","remote_request_id":"rid-1","remote_host":"10.0.0.9",
       "remote_port":5600,"tp_size":1}""";
  private static final String PREFILL_ANSWER =
      "{\"id\":\"cmpl-p\",\"choices\":[{\"index\":0,\"text\":\"x\"}],\"kv_transfer_params\":"
          + HANDLE_PARAMS + "}";
  private static final String SSE =
      "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n";

  private Vertx vertx;
  private WireMockServer prefill;
  private WireMockServer decode;
  private BatonServer baton;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    prefill = new WireMockServer(options().dynamicPort());
    decode = new WireMockServer(options().dynamicPort());
    prefill.start();
    decode.start();
  }

  @AfterEach
  void tearDown() {
    if (baton != null) {
      Await.get(baton.close());
    }
    prefill.stop();
    decode.stop();
    Await.get(vertx.close());
  }

  private void startBaton(String dialect) {
    startBaton(TestConfigs.split(dialect, 1, PrefillFailurePolicy.DECODE, UpstreamTimeouts.DEFAULTS,
        List.of(prefill.baseUrl()), List.of(decode.baseUrl())));
  }

  private void startBaton(BatonConfig config) {
    baton = Await.get(BatonServer.start(vertx, config));
  }

  private HttpResponse<String> send(String path, String body) {
    return Http.post(baton.baseUrl() + path, body, Map.of("X-Request-Id", "rid-1"));
  }

  private void stubPrefill(String path, String answer) {
    prefill.stubFor(post(urlEqualTo(path)).willReturn(okJson(answer)));
  }

  private void stubDecodeStream(String path) {
    decode.stubFor(post(urlEqualTo(path)).willReturn(
        aResponse().withHeader("content-type", "text/event-stream").withBody(SSE)));
  }

  private void verifyLeg(WireMockServer server, String path, String json) {
    server.verify(1, postRequestedFor(urlEqualTo(path))
        .withHeader("X-Request-Id", equalTo("rid-1"))
        .withRequestBody(equalToJson(json, false, false)));
  }

  @Test
  void nixlStreamingChat() {
    startBaton("nixl");
    stubPrefill(CHAT_PATH, PREFILL_ANSWER);
    stubDecodeStream(CHAT_PATH);
    String client = """
        {"model":"%s","messages":[{"role":"user","content":"hi"}],"stream":true,
         "stream_options":{"include_usage":true},"max_tokens":30,"min_tokens":2,
         "kv_transfer_params":{"remote_host":"evil.example","remote_port":1}}""".formatted(MODEL);
    HttpResponse<String> r = send(CHAT_PATH, client);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(SSE);
    verifyLeg(prefill, CHAT_PATH, """
        {"model":"%s","messages":[{"role":"user","content":"hi"}],"stream":false,
         "max_tokens":1,"max_completion_tokens":1,
         "kv_transfer_params":{"do_remote_decode":true,"do_remote_prefill":false,
           "remote_engine_id":null,"remote_block_ids":null,"remote_host":null,"remote_port":null}}"""
        .formatted(MODEL));
    verifyLeg(decode, CHAT_PATH, """
        {"model":"%s","messages":[{"role":"user","content":"hi"}],"stream":true,
         "stream_options":{"include_usage":true},"max_tokens":30,"min_tokens":2,
         "kv_transfer_params":%s}""".formatted(MODEL, HANDLE_PARAMS));
    assertThat(baton.handoffCounters().handoffs()).isEqualTo(1);
  }

  @Test
  void nixlNonStreamingCompletion() {
    startBaton("nixl");
    stubPrefill(COMPLETIONS_PATH, PREFILL_ANSWER);
    decode.stubFor(post(urlEqualTo(COMPLETIONS_PATH)).willReturn(okJson("{\"id\":\"cmpl-d\"}")));
    String client = "{\"model\":\"%s\",\"prompt\":\"hi\",\"max_tokens\":30}".formatted(MODEL);
    HttpResponse<String> r = send(COMPLETIONS_PATH, client);
    assertThat(r.body()).isEqualTo("{\"id\":\"cmpl-d\"}");
    verifyLeg(prefill, COMPLETIONS_PATH, """
        {"model":"%s","prompt":"hi","stream":false,"max_tokens":1,
         "kv_transfer_params":{"do_remote_decode":true,"do_remote_prefill":false,
           "remote_engine_id":null,"remote_block_ids":null,"remote_host":null,"remote_port":null}}"""
        .formatted(MODEL));
    verifyLeg(decode, COMPLETIONS_PATH, """
        {"model":"%s","prompt":"hi","max_tokens":30,"kv_transfer_params":%s}"""
        .formatted(MODEL, HANDLE_PARAMS));
  }

  @Test
  void lmcacheStreamingChat() {
    startBaton("lmcache");
    stubPrefill(CHAT_PATH, "{\"id\":\"chatcmpl-p\",\"choices\":[]}");
    stubDecodeStream(CHAT_PATH);
    String client = """
        {"model":"%s","messages":[{"role":"user","content":"hi"}],"stream":true,
         "max_completion_tokens":30}""".formatted(MODEL);
    HttpResponse<String> r = send(CHAT_PATH, client);
    assertThat(r.body()).isEqualTo(SSE);
    verifyLeg(prefill, CHAT_PATH, """
        {"model":"%s","messages":[{"role":"user","content":"hi"}],"stream":false,
         "max_completion_tokens":1,"max_tokens":1}""".formatted(MODEL));
    verifyLeg(decode, CHAT_PATH, client);
  }

  @Test
  void lmcacheNonStreamingCompletion() {
    startBaton("lmcache");
    stubPrefill(COMPLETIONS_PATH, "{\"id\":\"cmpl-p\",\"choices\":[]}");
    decode.stubFor(post(urlEqualTo(COMPLETIONS_PATH)).willReturn(okJson("{\"id\":\"cmpl-d\"}")));
    String client = "{\"model\":\"%s\",\"prompt\":[1,2,3],\"max_tokens\":30,\"min_tokens\":3}"
        .formatted(MODEL);
    assertThat(send(COMPLETIONS_PATH, client).body()).isEqualTo("{\"id\":\"cmpl-d\"}");
    verifyLeg(prefill, COMPLETIONS_PATH,
        "{\"model\":\"%s\",\"prompt\":[1,2,3],\"max_tokens\":1,\"stream\":false}".formatted(MODEL));
    verifyLeg(decode, COMPLETIONS_PATH, client);
  }

  @Test
  void nonStreamingEchoGetsThePromptPartsOfThePrefill() {
    startBaton("nixl");
    stubPrefill(COMPLETIONS_PATH, """
        {"id":"cmpl-p","choices":[{"index":0,"text":"hix","prompt_logprobs":[null,{"7":{"logprob":-2.0}}]}],
         "usage":{"prompt_tokens":2,"completion_tokens":1},"kv_transfer_params":%s}"""
        .formatted(HANDLE_PARAMS));
    decode.stubFor(post(urlEqualTo(COMPLETIONS_PATH)).willReturn(okJson("""
        {"id":"cmpl-d","choices":[{"index":0,"text":"hixyz","prompt_logprobs":null}],
         "usage":{"prompt_tokens":2,"completion_tokens":3,"prompt_tokens_details":{"cached_tokens":2}}}""")));
    String client = "{\"model\":\"%s\",\"prompt\":\"hi\",\"echo\":true,\"prompt_logprobs\":1}"
        .formatted(MODEL);
    HttpResponse<String> r = send(COMPLETIONS_PATH, client);
    var answer = Http.json(r.body());
    assertThat(answer.get("id").asText()).isEqualTo("cmpl-d");
    assertThat(answer.get("choices").get(0).get("prompt_logprobs").toString())
        .isEqualTo("[null,{\"7\":{\"logprob\":-2.0}}]");
    assertThat(answer.get("usage").get("completion_tokens").asInt()).isEqualTo(3);
    assertThat(answer.get("usage").get("prompt_tokens_details").get("cached_tokens").asInt()).isEqualTo(2);
  }
}
