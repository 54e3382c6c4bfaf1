package dev.baton.transfer.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.transfer.handoff.Dialects;
import dev.baton.transfer.handoff.PrefillResult;
import dev.baton.transfer.testing.Await;
import dev.baton.transfer.testing.ExchangeBed;
import dev.baton.transfer.testing.Http;
import dev.baton.transfer.testing.Rig;
import dev.baton.transfer.testing.ScriptedWorker;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The concurrent protocol against scripted workers, through a dialect registered by this test only:
 * both legs at once with one rendezvous id, the decode streamed, and the partner cancelled when
 * either leg fails.
 */
class ConcurrentProtocolTest {
  private static final String PATH = "/v1/chat/completions";
  private static final String CLIENT = """
      {"model":"m","stream":true,"max_tokens":3,"messages":[{"role":"user","content":"hi"}]}""";
  private static final String SSE = "data: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: [DONE]\n\n";

  @RegisterExtension final ExchangeBed bed = new ExchangeBed();
  private final AtomicReference<ScriptedWorker> prefill = new AtomicReference<>();
  private final AtomicReference<ScriptedWorker> decode = new AtomicReference<>();

  @BeforeAll
  static void registerTheTestDialect() {
    if (Dialects.find(RendezvousTestDialect.NAME).isEmpty()) {
      Dialects.register(new RendezvousTestDialect());
    }
  }

  /** Runs {@code then} on the worker's event loop once {@code ready} holds, polling every 5 ms. */
  private void when(BooleanSupplier ready, Runnable then) {
    bed.vertx().setPeriodic(5, id -> {
      if (ready.getAsBoolean()) {
        bed.vertx().cancelTimer(id);
        then.run();
      }
    });
  }

  private Rig rig() {
    return Rig.builder().dialect(RendezvousTestDialect.NAME).prefill(prefill.get().url())
        .decode(decode.get().url()).start(bed);
  }

  @Test
  void bothLegsGoAtOnceWithOneRendezvousAndTheDecodeIsStreamed() {
    // Each worker answers only once the other has its leg: sent one after the other, neither would.
    prefill.set(bed.worker(ex -> when(() -> decode.get().requests.get() == 1,
        () -> ex.json(200, "{\"id\":\"p\"}"))));
    decode.set(bed.worker(ex -> when(() -> prefill.get().requests.get() == 1, () -> {
      ex.sseHead();
      ex.event("{\"n\":1}");
      ex.event("{\"n\":2}");
      ex.response().end("data: [DONE]\n\n");
    })));
    Rig rig = rig();
    HttpResponse<String> r = Http.post(rig.url(PATH), CLIENT, Map.of("x-request-id", "rid-7"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
    assertThat(r.body()).isEqualTo(SSE);
    JsonObject prefillBody = prefill.get().bodies.get(0);
    JsonObject decodeBody = decode.get().bodies.get(0);
    assertThat(prefillBody.getString("rendezvous")).isNotBlank()
        .isEqualTo(decodeBody.getString("rendezvous"));
    assertThat(prefillBody.getBoolean("stream")).isFalse();
    assertThat(decodeBody.getString("bootstrap")).isEqualTo("127.0.0.1:" + prefill.get().port());
    assertThat(decodeBody.getString("request_id")).isEqualTo("rid-7");
    assertThat(prefill.get().headers.get(0).get("x-request-id")).isEqualTo("rid-7");
    // The prefill may answer after the decode's stream ended: its leg ends on its own.
    Await.until("the prefill leg ended", () -> !rig.front.prefillResults.isEmpty());
    assertThat(rig.front.prefillResults).containsExactly(PrefillResult.HANDED_OFF);
    assertThat(rig.counters.handoffs()).isEqualTo(1);
    Await.until("in-flight back to zero", () -> rig.inFlight() == 0);
  }

  @Test
  void aRendezvousIsMintedPerRequest() {
    prefill.set(bed.worker(ex -> ex.json(200, "{\"id\":\"p\"}")));
    decode.set(bed.worker(ex -> ex.json(200, "{\"id\":\"d\"}")));
    Rig rig = rig();
    String nonStreaming = CLIENT.replace("\"stream\":true", "\"stream\":false");
    assertThat(Http.post(rig.url(PATH), nonStreaming).body()).isEqualTo("{\"id\":\"d\"}");
    assertThat(Http.post(rig.url(PATH), nonStreaming).body()).isEqualTo("{\"id\":\"d\"}");
    assertThat(decode.get().bodies.get(0).getString("rendezvous"))
        .isNotEqualTo(decode.get().bodies.get(1).getString("rendezvous"));
  }

  @Test
  void aFailingDecodeCancelsThePrefill() {
    prefill.set(bed.worker(ex -> {})); // never answers
    decode.set(bed.worker(ex -> when(() -> prefill.get().requests.get() == 1,
        () -> ex.json(500, "{\"error\":{\"message\":\"decode broke\"}}"))));
    Rig rig = rig();
    HttpResponse<String> r = Http.post(rig.url(PATH), CLIENT);
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("decode broke");
    Await.until("the prefill worker saw its leg aborted", () -> prefill.get().hangUps.get() == 1);
    Await.until("in-flight back to zero", () -> rig.inFlight() == 0);
    assertThat(rig.counters.clientsGoneInPrefill()).isZero();
  }

  @Test
  void aFailingPrefillCancelsAStreamingDecode() {
    decode.set(bed.worker(ScriptedWorker.Exchange::sseHead)); // opens the stream, sends nothing
    prefill.set(bed.worker(ex -> when(() -> decode.get().requests.get() == 1,
        () -> ex.json(503, "{\"error\":{\"message\":\"prefill broke\"}}"))));
    Rig rig = rig();
    HttpResponse<String> r = Http.post(rig.url(PATH), CLIENT);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("data: {\"error\":{").endsWith("data: [DONE]\n\n");
    Await.until("the decode worker saw its leg aborted", () -> decode.get().hangUps.get() == 1);
    assertThat(rig.front.prefillResults).containsExactly(PrefillResult.FAILED);
    assertThat(rig.counters.prefillFailures()).isEqualTo(1);
    Await.until("in-flight back to zero", () -> rig.inFlight() == 0);
  }

  @Test
  void aPrefillRefusingTheRequestCancelsTheDecodeAndAnswersTheClient() {
    decode.set(bed.worker(ex -> {})); // not even headers yet
    String tooLong = "{\"error\":{\"message\":\"prompt too long\",\"type\":\"BadRequestError\"}}";
    prefill.set(bed.worker(ex -> when(() -> decode.get().requests.get() == 1,
        () -> ex.json(400, tooLong))));
    Rig rig = rig();
    HttpResponse<String> r = Http.post(rig.url(PATH), CLIENT);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(tooLong);
    Await.until("the decode worker saw its leg aborted", () -> decode.get().hangUps.get() == 1);
    assertThat(rig.front.prefillResults).containsExactly(PrefillResult.CLIENT_ERROR);
    Await.until("in-flight back to zero", () -> rig.inFlight() == 0);
  }
}
