package dev.baton.transfer.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.transfer.handoff.PrefillFailurePolicy;
import dev.baton.transfer.handoff.PrefillResult;
import dev.baton.transfer.testing.Await;
import dev.baton.transfer.testing.ExchangeBed;
import dev.baton.transfer.testing.Http;
import dev.baton.transfer.testing.Rig;
import dev.baton.transfer.testing.ScriptedWorker;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every way the prefill leg can fail, and what the client and the decode worker see. */
class PrefillFailureTest {
  private static final String PATH = "/v1/completions";
  private static final String CLIENT = "{\"model\":\"m\",\"prompt\":\"hello\",\"max_tokens\":5}";
  private static final String HANDLE = """
      {"choices":[],"kv_transfer_params":{"do_remote_prefill":true,"do_remote_decode":false,
       "remote_block_ids":[1],"remote_engine_id":"e","remote_request_id":"r",
       "remote_host":"10.0.0.9","remote_port":5600,"tp_size":1}}""";
  private static final String FROM_DECODE = "{\"id\":\"from-decode\"}";

  @RegisterExtension final ExchangeBed bed = new ExchangeBed();

  private ScriptedWorker answering(int status, String body) {
    return bed.worker(ex -> ex.json(status, body));
  }

  private ScriptedWorker decode() {
    return answering(200, FROM_DECODE);
  }

  /** Least in-flight breaks ties in the order given, so the first prefill listed is tried first. */
  private Rig rig(int retries, PrefillFailurePolicy policy, ScriptedWorker decode, String... prefills) {
    return Rig.builder().prefill(prefills).decode(decode.url()).prefillRetries(retries, policy)
        .start(bed);
  }

  private static HttpResponse<String> send(Rig rig) {
    return Http.post(rig.url(PATH), CLIENT);
  }

  private static void gotTheHandle(ScriptedWorker decode) {
    assertThat(decode.requests.get()).isEqualTo(1);
    assertThat(decode.bodies.get(0).getJsonObject("kv_transfer_params").getString("remote_request_id"))
        .isEqualTo("r");
  }

  private static void gotTheClientBodyAlone(ScriptedWorker decode) {
    assertThat(decode.requests.get()).isEqualTo(1);
    assertThat(decode.bodies.get(0)).isEqualTo(new JsonObject(CLIENT));
  }

  private static void settled(Rig rig) {
    Await.until("in-flight back to zero", () -> rig.inFlight() == 0);
  }

  private static String closedPortUrl() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  @Test
  void a5xxPrefillIsRetriedOnAnotherPrefillWorker() {
    ScriptedWorker a = answering(503, "");
    ScriptedWorker b = answering(200, HANDLE);
    ScriptedWorker decode = decode();
    Rig rig = rig(1, PrefillFailurePolicy.DECODE, decode, a.url(), b.url());
    assertThat(send(rig).body()).isEqualTo(FROM_DECODE);
    assertThat(a.requests.get()).isEqualTo(1);
    assertThat(b.requests.get()).isEqualTo(1);
    gotTheHandle(decode);
    assertThat(rig.counters.prefillRetries()).isEqualTo(1);
    assertThat(rig.counters.handoffs()).isEqualTo(1);
    assertThat(rig.front.prefillResults).containsExactly(PrefillResult.HANDED_OFF);
    settled(rig);
  }

  @Test
  void anUnreachablePrefillIsRetriedOnAnotherPrefillWorker() throws Exception {
    ScriptedWorker b = answering(200, HANDLE);
    ScriptedWorker decode = decode();
    Rig rig = rig(1, PrefillFailurePolicy.DECODE, decode, closedPortUrl(), b.url());
    assertThat(send(rig).statusCode()).isEqualTo(200);
    gotTheHandle(decode);
    assertThat(rig.counters.prefillFailures()).isEqualTo(1);
    assertThat(rig.counters.prefillRetries()).isEqualTo(1);
    settled(rig);
  }

  @Test
  void aSlowPrefillTimesOutAndFallsBackToDecodeAlone() {
    ScriptedWorker silent = bed.worker(ex -> {});
    ScriptedWorker decode = decode();
    // Generous bounds: the decode leg shares the first-byte timeout and must not hit it when loaded.
    Rig rig = Rig.builder().prefill(silent.url()).decode(decode.url())
        .prefillRetries(0, PrefillFailurePolicy.DECODE).timeouts(2000, 1500, 5000).start(bed);
    assertThat(send(rig).body()).isEqualTo(FROM_DECODE);
    gotTheClientBodyAlone(decode);
    assertThat(rig.counters.decodeFallbacks()).isEqualTo(1);
    assertThat(rig.front.prefillResults).containsExactly(PrefillResult.FAILED);
    Await.until("the slow prefill worker saw its call abandoned", () -> silent.hangUps.get() == 1);
    settled(rig);
  }

  @Test
  void whenEveryPrefillFailsDecodeServesAlone() {
    ScriptedWorker a = answering(500, "");
    ScriptedWorker b = answering(502, "");
    ScriptedWorker decode = decode();
    Rig rig = rig(1, PrefillFailurePolicy.DECODE, decode, a.url(), b.url());
    assertThat(send(rig).body()).isEqualTo(FROM_DECODE);
    gotTheClientBodyAlone(decode);
    assertThat(rig.counters.prefillFailures()).isEqualTo(2);
    assertThat(rig.counters.decodeFallbacks()).isEqualTo(1);
    settled(rig);
  }

  @Test
  void withTheFailPolicyThePrefillErrorReachesTheClient() {
    ScriptedWorker a = answering(503, "");
    ScriptedWorker decode = decode();
    Rig rig = rig(0, PrefillFailurePolicy.FAIL, decode, a.url());
    HttpResponse<String> r = send(rig);
    assertThat(r.statusCode()).isEqualTo(502);
    Http.error(r);
    assertThat(decode.requests.get()).isZero();
    settled(rig);
  }

  @Test
  void aPrefill4xxIsTheClientsErrorAndGoesBackAsIs() {
    String error = "{\"error\":{\"message\":\"prompt too long\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}";
    ScriptedWorker a = answering(400, error);
    ScriptedWorker b = answering(200, HANDLE);
    ScriptedWorker decode = decode();
    Rig rig = rig(1, PrefillFailurePolicy.DECODE, decode, a.url(), b.url());
    HttpResponse<String> r = send(rig);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(error);
    assertThat(b.requests.get()).isZero();
    assertThat(decode.requests.get()).isZero();
    assertThat(rig.counters.prefillClientErrors()).isEqualTo(1);
    assertThat(rig.front.prefillResults).containsExactly(PrefillResult.CLIENT_ERROR);
    settled(rig);
  }

  @Test
  void anUnreachableDecodeWorkerIsReplacedAndStillGetsTheHandle() throws Exception {
    ScriptedWorker a = answering(200, HANDLE);
    ScriptedWorker decode = decode();
    Rig rig = Rig.builder().prefill(a.url()).decode(closedPortUrl(), decode.url())
        .prefillRetries(0, PrefillFailurePolicy.DECODE).start(bed);
    assertThat(send(rig).body()).isEqualTo(FROM_DECODE);
    gotTheHandle(decode);
    settled(rig);
  }

  @Test
  void anAnswerWithoutAHandleFallsBackToDecodeAlone() {
    ScriptedWorker a = answering(200, "{\"id\":\"p\",\"choices\":[]}");
    ScriptedWorker decode = decode();
    Rig rig = rig(1, PrefillFailurePolicy.FAIL, decode, a.url());
    assertThat(send(rig).body()).isEqualTo(FROM_DECODE);
    gotTheClientBodyAlone(decode);
    assertThat(rig.counters.missingHandles()).isEqualTo(1);
    assertThat(rig.front.prefillResults).containsExactly(PrefillResult.NO_HANDLE);
    settled(rig);
  }
}
