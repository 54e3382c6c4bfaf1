package dev.baton.transfer.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.transfer.testing.Await;
import dev.baton.transfer.testing.ExchangeBed;
import dev.baton.transfer.testing.Http;
import dev.baton.transfer.testing.Rig;
import dev.baton.transfer.testing.ScriptedWorker;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code p2p-nccl} dialect on the wire, against recording workers: the request id naming both
 * instances' ZMQ addresses on both legs, the prefill's one token answered before the decode goes,
 * the decode's body unchanged, for chat and completions, streamed or not; and no leg moved to
 * another instance, since the id binds the pair.
 */
class P2pNcclContractTest {
  private static final String CHAT = "/v1/chat/completions";
  private static final String COMPLETIONS = "/v1/completions";
  private static final String SSE = "data: {\"n\":1}\n\ndata: [DONE]\n\n";
  private static final String ID = "___prefill_addr_10\\.0\\.0\\.1:21001___decode_addr_10\\.0\\.0\\.2:22001_[0-9a-f]{32}";

  @RegisterExtension final ExchangeBed bed = new ExchangeBed();
  private final AtomicBoolean prefillAnswered = new AtomicBoolean();
  /** Whether the prefill had answered when the decode leg arrived, per decode leg. */
  private final java.util.List<Boolean> decodeAfterPrefill = new java.util.concurrent.CopyOnWriteArrayList<>();

  private ScriptedWorker prefill(int status) {
    return bed.worker(ex -> {
      ex.json(status, status == 200 ? "{\"id\":\"prefill\"}" : "{\"error\":{\"message\":\"broke\"}}");
      prefillAnswered.set(true);
    });
  }

  private ScriptedWorker decode(int status) {
    return bed.worker(ex -> {
      decodeAfterPrefill.add(prefillAnswered.get());
      if (status != 200) {
        ex.json(status, "{\"error\":{\"message\":\"decode broke\"}}");
      } else {
        ex.answerAsAsked(SSE, "{\"id\":\"decode\"}");
      }
    });
  }

  private static Rig.Builder pair(ScriptedWorker p, ScriptedWorker d) {
    return Rig.builder().dialect("p2p-nccl").prefill(p.url()).decode(d.url())
        .labels(p.url(), Map.of(P2pNcclDialect.ZMQ_ADDRESS_LABEL, "10.0.0.1:21001"))
        .labels(d.url(), Map.of(P2pNcclDialect.ZMQ_ADDRESS_LABEL, "10.0.0.2:22001"));
  }

  @Test
  void aStreamedChatRunsPrefillThenDecodeUnderOneIdNamingBothInstances() {
    ScriptedWorker p = prefill(200);
    ScriptedWorker d = decode(200);
    Rig rig = pair(p, d).start(bed);
    String client = """
        {"model":"m","stream":true,"stream_options":{"include_usage":true},"max_tokens":5,\
        "messages":[{"role":"user","content":"hi"}]}""";
    HttpResponse<String> r = Http.post(rig.url(CHAT), client, Map.of("x-request-id", "rid-1"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(SSE);
    assertThat(p.bodies.get(0)).isEqualTo(new JsonObject("""
        {"model":"m","stream":false,"max_tokens":1,"max_completion_tokens":1,\
        "messages":[{"role":"user","content":"hi"}]}"""));
    assertThat(d.bodies.get(0)).isEqualTo(new JsonObject(client));
    String id = p.headers.get(0).get("x-request-id");
    assertThat(id).matches(ID);
    assertThat(p.headers.get(0).getAll("x-request-id")).hasSize(1);
    assertThat(d.headers.get(0).get("x-request-id")).isEqualTo(id);
    assertThat(decodeAfterPrefill).containsExactly(true);
    assertThat(rig.counters.handoffs()).isEqualTo(1);
  }

  @Test
  void aCompletionGetsAFreshIdPerRequest() {
    ScriptedWorker p = prefill(200);
    ScriptedWorker d = decode(200);
    Rig rig = pair(p, d).start(bed);
    String client = "{\"model\":\"m\",\"prompt\":\"once upon\",\"max_tokens\":4}";
    assertThat(Http.post(rig.url(COMPLETIONS), client).body()).isEqualTo("{\"id\":\"decode\"}");
    assertThat(Http.post(rig.url(COMPLETIONS), client).body()).isEqualTo("{\"id\":\"decode\"}");
    assertThat(p.bodies.get(0)).isEqualTo(new JsonObject(
        "{\"model\":\"m\",\"prompt\":\"once upon\",\"max_tokens\":1,\"stream\":false}"));
    assertThat(d.bodies.get(0)).isEqualTo(new JsonObject(client));
    assertThat(d.headers.get(0).get("x-request-id")).matches(ID)
        .isEqualTo(p.headers.get(0).get("x-request-id"))
        .isNotEqualTo(d.headers.get(1).get("x-request-id"));
  }

  @Test
  void aFailedPrefillIsNeitherRetriedElsewhereNorFollowedByTheDecodeAlone() {
    ScriptedWorker broken = prefill(503);
    ScriptedWorker spare = prefill(200);
    ScriptedWorker d = decode(200);
    Rig rig = pair(broken, d).prefill(spare.url())
        .labels(spare.url(), Map.of(P2pNcclDialect.ZMQ_ADDRESS_LABEL, "10.0.0.3:21001")).start(bed);
    HttpResponse<String> r = Http.post(rig.url(COMPLETIONS),
        "{\"model\":\"m\",\"prompt\":\"once upon\",\"max_tokens\":4}");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(Http.error(r).path("message").asText()).isNotBlank();
    assertThat(spare.requests.get()).isZero();
    assertThat(d.requests.get()).isZero();
    assertThat(rig.counters.decodeFallbacks()).isZero();
    assertThat(rig.counters.prefillRetries()).isZero();
  }

  @Test
  void aFailedDecodeIsNotSentToAnotherDecode() {
    ScriptedWorker p = prefill(200);
    ScriptedWorker broken = decode(503);
    ScriptedWorker spare = decode(200);
    Rig rig = pair(p, broken).decode(spare.url())
        .labels(spare.url(), Map.of(P2pNcclDialect.ZMQ_ADDRESS_LABEL, "10.0.0.4:22001")).start(bed);
    HttpResponse<String> r = Http.post(rig.url(COMPLETIONS),
        "{\"model\":\"m\",\"prompt\":\"once upon\",\"max_tokens\":4}");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(spare.requests.get()).isZero();
    assertThat(rig.counters.decodeRetries()).isZero();
    Await.until("in-flight back to zero", () -> rig.inFlight() == 0);
  }

  @Test
  void anInstanceWithoutItsZmqAddressIsA502AndNothingIsSent() {
    ScriptedWorker p = prefill(200);
    ScriptedWorker d = decode(200);
    Rig rig = Rig.builder().dialect("p2p-nccl").prefill(p.url()).decode(d.url()).start(bed);
    HttpResponse<String> r = Http.post(rig.url(COMPLETIONS), "{\"model\":\"m\",\"prompt\":\"x\"}");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(p.requests.get() + d.requests.get()).isZero();
  }
}
