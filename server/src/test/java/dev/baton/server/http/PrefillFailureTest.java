package dev.baton.server.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.baton.server.testing.TestConfigs.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.baton.router.scheduling.LeastInFlightScheduler;
import dev.baton.server.BatonServer;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestConfigs;
import dev.baton.transfer.handoff.HandoffCounters;
import dev.baton.transfer.handoff.PrefillFailurePolicy;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every way the prefill leg can fail, and what the client and the decode worker see. */
class PrefillFailureTest {
  private static final String PATH = "/v1/completions";
  private static final String CLIENT =
      "{\"model\":\"" + MODEL + "\",\"prompt\":\"hello\",\"max_tokens\":5}";
  private static final String HANDLE = """
      {"choices":[],"kv_transfer_params":{"do_remote_prefill":true,"do_remote_decode":false,
       "remote_block_ids":[1],"remote_engine_id":"e","remote_request_id":"r",
       "remote_host":"10.0.0.9","remote_port":5600,"tp_size":1}}""";

  private Vertx vertx;
  private WireMockServer prefillA;
  private WireMockServer prefillB;
  private WireMockServer decode;
  private BatonServer baton;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    prefillA = new WireMockServer(options().dynamicPort());
    prefillB = new WireMockServer(options().dynamicPort());
    decode = new WireMockServer(options().dynamicPort());
    prefillA.start();
    prefillB.start();
    decode.start();
    decode.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"id\":\"from-decode\"}")));
  }

  @AfterEach
  void tearDown() {
    if (baton != null) {
      Await.get(baton.close());
    }
    prefillA.stop();
    prefillB.stop();
    decode.stop();
    Await.get(vertx.close());
  }

  private void start(int retries, PrefillFailurePolicy policy, UpstreamTimeouts timeouts,
      List<String> prefills) {
    // Least-in-flight breaks ties in config order, so the first prefill listed is tried first.
    baton = Await.get(BatonServer.start(vertx, TestConfigs.split("nixl", retries, policy,
        timeouts, prefills, List.of(decode.baseUrl())), new LeastInFlightScheduler()));
  }

  private HandoffCounters counters() {
    return baton.handoffCounters();
  }

  private HttpResponse<String> send() {
    return Http.post(baton.baseUrl() + PATH, CLIENT);
  }

  private void decodeGotTheHandle() {
    decode.verify(1, postRequestedFor(urlEqualTo(PATH))
        .withRequestBody(equalToJson("{\"kv_transfer_params\":{\"remote_request_id\":\"r\"}}", false, true)));
  }

  private void decodeGotTheClientBodyAlone() {
    decode.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(CLIENT, false, false)));
  }

  private void settled() {
    Await.until("in-flight back to zero",
        () -> baton.runtime().get().endpoints().mapToInt(e -> e.inFlightRequests()).sum() == 0);
  }

  private static String closedPortUrl() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  @Test
  void a5xxPrefillIsRetriedOnAnotherPrefillWorker() {
    prefillA.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
    prefillB.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(HANDLE)));
    start(1, PrefillFailurePolicy.DECODE, UpstreamTimeouts.DEFAULTS,
        List.of(prefillA.baseUrl(), prefillB.baseUrl()));
    HttpResponse<String> r = send();
    assertThat(r.body()).isEqualTo("{\"id\":\"from-decode\"}");
    assertThat(prefillA.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
    assertThat(prefillB.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
    decodeGotTheHandle();
    assertThat(counters().prefillRetries()).isEqualTo(1);
    assertThat(counters().handoffs()).isEqualTo(1);
    settled();
  }

  @Test
  void anUnreachablePrefillIsRetriedOnAnotherPrefillWorker() throws Exception {
    prefillB.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(HANDLE)));
    start(1, PrefillFailurePolicy.DECODE, UpstreamTimeouts.DEFAULTS,
        List.of(closedPortUrl(), prefillB.baseUrl()));
    assertThat(send().statusCode()).isEqualTo(200);
    decodeGotTheHandle();
    assertThat(counters().prefillFailures()).isEqualTo(1);
    assertThat(counters().prefillRetries()).isEqualTo(1);
    settled();
  }

  @Test
  void aSlowPrefillTimesOutAndFallsBackToDecodeAlone() {
    // Generous bounds: the decode leg shares the first-byte timeout and must not hit it when loaded.
    prefillA.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(HANDLE).withFixedDelay(5000)));
    start(0, PrefillFailurePolicy.DECODE, TestConfigs.timeouts(2000, 1500, 5000),
        List.of(prefillA.baseUrl()));
    HttpResponse<String> r = send();
    assertThat(r.body()).isEqualTo("{\"id\":\"from-decode\"}");
    decodeGotTheClientBodyAlone();
    assertThat(counters().decodeFallbacks()).isEqualTo(1);
    settled();
  }

  @Test
  void whenEveryPrefillFailsDecodeServesAlone() {
    prefillA.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(500)));
    prefillB.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(502)));
    start(1, PrefillFailurePolicy.DECODE, UpstreamTimeouts.DEFAULTS,
        List.of(prefillA.baseUrl(), prefillB.baseUrl()));
    assertThat(send().body()).isEqualTo("{\"id\":\"from-decode\"}");
    decodeGotTheClientBodyAlone();
    assertThat(counters().prefillFailures()).isEqualTo(2);
    assertThat(counters().decodeFallbacks()).isEqualTo(1);
    settled();
  }

  @Test
  void withTheFailPolicyThePrefillErrorReachesTheClient() {
    prefillA.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
    start(0, PrefillFailurePolicy.FAIL, UpstreamTimeouts.DEFAULTS, List.of(prefillA.baseUrl()));
    HttpResponse<String> r = send();
    assertThat(r.statusCode()).isEqualTo(502);
    Http.error(r);
    assertThat(decode.findAll(postRequestedFor(urlEqualTo(PATH)))).isEmpty();
    settled();
  }

  @Test
  void aPrefill4xxIsTheClientsErrorAndGoesBackAsIs() {
    String error = "{\"error\":{\"message\":\"prompt too long\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}";
    prefillA.stubFor(post(urlEqualTo(PATH)).willReturn(
        aResponse().withStatus(400).withHeader("content-type", "application/json").withBody(error)));
    start(1, PrefillFailurePolicy.DECODE, UpstreamTimeouts.DEFAULTS,
        List.of(prefillA.baseUrl(), prefillB.baseUrl()));
    HttpResponse<String> r = send();
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(error);
    assertThat(prefillB.findAll(postRequestedFor(urlEqualTo(PATH)))).isEmpty();
    assertThat(decode.findAll(postRequestedFor(urlEqualTo(PATH)))).isEmpty();
    assertThat(counters().prefillClientErrors()).isEqualTo(1);
    settled();
  }

  @Test
  void anUnreachableDecodeWorkerIsReplacedAndStillGetsTheHandle() throws Exception {
    prefillA.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(HANDLE)));
    baton = Await.get(BatonServer.start(vertx, TestConfigs.split("nixl", 0,
        PrefillFailurePolicy.DECODE, UpstreamTimeouts.DEFAULTS, List.of(prefillA.baseUrl()),
        List.of(closedPortUrl(), decode.baseUrl())), new LeastInFlightScheduler()));
    assertThat(send().body()).isEqualTo("{\"id\":\"from-decode\"}");
    decodeGotTheHandle();
    settled();
  }

  @Test
  void anAnswerWithoutAHandleFallsBackToDecodeAlone() {
    prefillA.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"id\":\"p\",\"choices\":[]}")));
    start(1, PrefillFailurePolicy.FAIL, UpstreamTimeouts.DEFAULTS, List.of(prefillA.baseUrl()));
    assertThat(send().body()).isEqualTo("{\"id\":\"from-decode\"}");
    decodeGotTheClientBodyAlone();
    assertThat(counters().missingHandles()).isEqualTo(1);
    settled();
  }
}
