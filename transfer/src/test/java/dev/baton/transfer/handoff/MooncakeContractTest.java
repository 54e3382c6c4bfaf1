package dev.baton.transfer.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.Role;
import dev.baton.transfer.testing.Await;
import dev.baton.transfer.testing.ExchangeBed;
import dev.baton.transfer.testing.Http;
import dev.baton.transfer.testing.Rig;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.transfer.upstream.DataParallelHeader;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code mooncake} dialect on the wire, against recording workers and a recording bootstrap
 * server: each leg's exact JSON and headers for chat and completions, streamed or not, as vLLM's
 * Mooncake proxy sends them; the engine id asked of {@code /query} once and asked again after a
 * failure; the partner leg cancelled; decode alone when the bootstrap server is down.
 */
class MooncakeContractTest {
  private static final String CHAT = "/v1/chat/completions";
  private static final String COMPLETIONS = "/v1/completions";
  private static final String SSE = "data: {\"n\":1}\n\ndata: [DONE]\n\n";
  private static final String RANKS = """
      {"0":{"engine_id":"engine-p0"},"1":{"engine_id":"engine-p1"}}""";

  @RegisterExtension final ExchangeBed bed = new ExchangeBed();
  private ScriptedWorker prefill;
  private ScriptedWorker decode;
  private ScriptedWorker bootstrap;

  /** A prefill answering one token, a decode streaming or not as asked, a bootstrap server. */
  private Rig rig(int prefillStatus) {
    bootstrap = bed.worker(ex -> ex.json(200, RANKS));
    prefill = bed.worker(ex -> ex.json(prefillStatus, prefillStatus == 200
        ? "{\"id\":\"prefill\"}" : "{\"error\":{\"message\":\"prefill broke\"}}"));
    decode = bed.worker(ex -> ex.answerAsAsked(SSE, "{\"id\":\"decode\"}"));
    return Rig.builder().dialect("mooncake").bootstrapPort(bootstrap.port())
        .prefill(prefill.url()).decode(decode.url()).start(bed);
  }

  @Test
  void aStreamedChatGoesToBothLegsWithOneTransferId() {
    Rig rig = rig(200);
    String client = """
        {"model":"m","stream":true,"stream_options":{"include_usage":true},"max_tokens":5,\
        "messages":[{"role":"user","content":"hi"}]}""";
    HttpResponse<String> r = Http.post(rig.url(CHAT), client, Map.of("x-request-id", "rid-1"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(SSE);
    Await.until("the prefill leg ended", () -> rig.counters.handoffs() == 1);
    JsonObject prefillLeg = prefill.bodies.get(0);
    String transferId = prefillLeg.getJsonObject("kv_transfer_params").getString("transfer_id");
    assertThat(transferId).startsWith("xfer-").hasSizeGreaterThan(20);
    assertThat(prefillLeg).isEqualTo(new JsonObject("""
        {"model":"m","stream":false,"max_tokens":1,"max_completion_tokens":1,\
        "messages":[{"role":"user","content":"hi"}],\
        "kv_transfer_params":{"do_remote_decode":true,"do_remote_prefill":false,\
        "transfer_id":"%s"}}""".formatted(transferId)));
    assertThat(decode.bodies.get(0)).isEqualTo(new JsonObject(client).put("kv_transfer_params",
        new JsonObject().put("do_remote_decode", false).put("do_remote_prefill", true)
            .put("transfer_id", transferId)
            .put("remote_bootstrap_addr", "http://127.0.0.1:" + bootstrap.port())
            .put("remote_engine_id", "engine-p0")));
    MultiMap prefillHeaders = prefill.headers.get(0);
    assertThat(prefillHeaders.get("x-request-id")).isEqualTo("rid-1");
    assertThat(prefillHeaders.get(DataParallelHeader.NAME)).as("one engine: no rank").isNull();
    assertThat(decode.headers.get(0).get("x-request-id")).isEqualTo("rid-1");
    assertThat(decode.headers.get(0).get(DataParallelHeader.NAME)).isNull();
    assertThat(bootstrap.requestLines).containsExactly("GET /query");
  }

  @Test
  void aCompletionAsksTheBootstrapServerOnceAndAFreshTransferIdPerRequest() {
    Rig rig = rig(200);
    String client = "{\"model\":\"m\",\"prompt\":\"once upon\",\"max_tokens\":4}";
    assertThat(Http.post(rig.url(COMPLETIONS), client).body()).isEqualTo("{\"id\":\"decode\"}");
    assertThat(Http.post(rig.url(COMPLETIONS), client).body()).isEqualTo("{\"id\":\"decode\"}");
    Await.until("both prefill legs ended", () -> rig.counters.handoffs() == 2);
    assertThat(prefill.bodies.get(0)).isEqualTo(new JsonObject("""
        {"model":"m","prompt":"once upon","stream":false,"max_tokens":1,\
        "kv_transfer_params":{"do_remote_decode":true,"do_remote_prefill":false,"transfer_id":"%s"}}"""
        .formatted(transferId(prefill.bodies.get(0)))));
    JsonObject first = decode.bodies.get(0);
    assertThat(first.copy().put("kv_transfer_params", null)).isEqualTo(new JsonObject(client)
        .put("kv_transfer_params", null));
    assertThat(transferId(first)).isEqualTo(transferId(prefill.bodies.get(0)));
    assertThat(transferId(decode.bodies.get(1))).isNotEqualTo(transferId(first))
        .isEqualTo(transferId(prefill.bodies.get(1)));
    assertThat(bootstrap.requestLines).as("the engine id is cached").containsExactly("GET /query");
  }

  @Test
  void aFailingPrefillCancelsTheDecodeAndItsEngineIdIsAskedAgain() {
    bootstrap = bed.worker(ex -> ex.json(200, RANKS));
    decode = bed.worker(ex -> { }); // waits for KV that never comes
    prefill = bed.worker(ex -> whenTrue(() -> decode.requests.get() > prefill.hangUps.get(),
        () -> ex.json(503, "{\"error\":{\"message\":\"prefill broke\"}}")));
    Rig rig = Rig.builder().dialect("mooncake").bootstrapPort(bootstrap.port())
        .prefill(prefill.url()).decode(decode.url()).start(bed);
    String client = "{\"model\":\"m\",\"prompt\":\"once upon\",\"max_tokens\":4,\"stream\":true}";
    HttpResponse<String> r = Http.post(rig.url(COMPLETIONS), client);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("prefill broke");
    Await.until("the decode worker saw its leg aborted", () -> decode.hangUps.get() == 1);
    assertThat(rig.counters.prefillFailures()).isEqualTo(1);
    assertThat(rig.lookups.cached()).as("forgotten after the failure").isZero();
    Http.post(rig.url(COMPLETIONS), client);
    assertThat(bootstrap.requestLines).containsExactly("GET /query", "GET /query");
  }

  @Test
  void aFailingDecodeAbortsThePrefill() {
    bootstrap = bed.worker(ex -> ex.json(200, RANKS));
    prefill = bed.worker(ex -> { }); // holds its leg
    decode = bed.worker(ex -> whenTrue(() -> prefill.requests.get() == 1,
        () -> ex.json(500, "{\"error\":{\"message\":\"decode broke\"}}")));
    Rig rig = Rig.builder().dialect("mooncake").bootstrapPort(bootstrap.port())
        .prefill(prefill.url()).decode(decode.url()).start(bed);
    HttpResponse<String> r = Http.post(rig.url(COMPLETIONS), "{\"model\":\"m\",\"prompt\":\"x\"}");
    assertThat(r.statusCode()).isEqualTo(500);
    Await.until("the prefill worker saw its leg aborted", () -> prefill.hangUps.get() == 1);
    Await.until("in-flight back to zero", () -> rig.inFlight() == 0);
  }

  @Test
  void anUnreachableBootstrapServerLeavesTheDecodeToServeAlone() {
    prefill = bed.worker(ex -> ex.json(200, "{}"));
    decode = bed.worker(ex -> ex.json(200, "{\"id\":\"decode\"}"));
    ScriptedWorker gone = bed.worker(ex -> { });
    int closedPort = gone.port();
    gone.close();
    Rig rig = Rig.builder().dialect("mooncake").bootstrapPort(closedPort)
        .prefill(prefill.url()).decode(decode.url()).start(bed);
    String client = "{\"model\":\"m\",\"prompt\":\"once upon\",\"max_tokens\":4}";
    assertThat(Http.post(rig.url(COMPLETIONS), client).body()).isEqualTo("{\"id\":\"decode\"}");
    assertThat(decode.bodies.get(0)).isEqualTo(new JsonObject(client));
    assertThat(prefill.requests.get()).isZero();
    assertThat(rig.counters.decodeFallbacks()).isEqualTo(1);
    assertThat(rig.lookups.cached()).isZero();
  }

  @Test
  void thePrefillLegIsPinnedToItsRankAndTheDecodePullsFromThatRanksEngine() {
    bootstrap = bed.worker(ex -> ex.json(200, RANKS));
    prefill = bed.worker(ex -> ex.json(200, "{\"id\":\"prefill\"}"));
    decode = bed.worker(ex -> ex.json(200, "{\"id\":\"decode\"}"));
    Rig rig = Rig.builder().dialect("mooncake").bootstrapPort(bootstrap.port()).dataParallelSize(2)
        .prefill(prefill.url()).decode(decode.url()).start(bed);
    String client = "{\"model\":\"m\",\"prompt\":\"once upon\",\"max_tokens\":4}";
    assertThat(Http.post(rig.url(COMPLETIONS), client).body()).isEqualTo("{\"id\":\"decode\"}");
    String rank = prefill.postHeaders(0).get(DataParallelHeader.NAME);
    assertThat(rank).isIn("0", "1");
    assertThat(decode.bodies.get(0).getJsonObject("kv_transfer_params").getString("remote_engine_id"))
        .isEqualTo("engine-p" + rank);
  }

  @Test
  void aPrefillRankNamesItsEngine() {
    bootstrap = bed.worker(ex -> ex.json(200, RANKS));
    Endpoint prefillAt = new Endpoint("p", "http", "127.0.0.1", 1, Role.PREFILL, Set.of("m"),
        Map.of(), bootstrap.port());
    ObjectNode body = (ObjectNode) Http.json("{\"model\":\"m\",\"prompt\":\"x\"}");
    HandoffContext ranked = new HandoffContext(RequestKind.COMPLETION, body,
        MultiMap.caseInsensitiveMultiMap(), prefillAt, prefillAt, 1, null);
    MooncakeDialect dialect = new MooncakeDialect();
    PrefillLookups lookups = new PrefillLookups(bed.vertx());
    HandoffContext prepared = Await.get(dialect.prepare(ranked, lookups));
    assertThat(prepared.bootstrap()).isEqualTo(new PrefillBootstrap(bootstrap.port(), "engine-p1"));
    assertThat(dialect.decodeBody(prepared, "r").path("kv_transfer_params").path("remote_engine_id")
        .asText()).isEqualTo("engine-p1");
    Await.get(lookups.close());
  }

  /** Runs {@code then} on the worker's event loop once {@code ready} holds, polling every 5 ms. */
  private void whenTrue(BooleanSupplier ready, Runnable then) {
    bed.vertx().setPeriodic(5, id -> {
      if (ready.getAsBoolean()) {
        bed.vertx().cancelTimer(id);
        then.run();
      }
    });
  }

  private static String transferId(JsonObject leg) {
    return leg.getJsonObject("kv_transfer_params").getString("transfer_id");
  }
}
