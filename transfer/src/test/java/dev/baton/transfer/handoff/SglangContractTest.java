package dev.baton.transfer.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.transfer.testing.Await;
import dev.baton.transfer.testing.ExchangeBed;
import dev.baton.transfer.testing.Http;
import dev.baton.transfer.testing.Rig;
import dev.baton.transfer.testing.ScriptedWorker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code sglang} dialect on the wire, against recording workers: each leg's exact JSON and
 * headers for chat and completions, streamed or not, single and batched, as SGLang's gateway sends
 * them (pd_router.rs).
 */
class SglangContractTest {
  private static final String CHAT = "/v1/chat/completions";
  private static final String COMPLETIONS = "/v1/completions";
  private static final String SSE = "data: {\"n\":1}\n\ndata: [DONE]\n\n";

  @RegisterExtension final ExchangeBed bed = new ExchangeBed();

  /** The bootstrap port the recording prefill reports in {@code GET /server_info}. */
  private static final int LEARNED_PORT = 7001;

  private Rig rig(int bootstrapPort, ScriptedWorker[] workers) {
    return rig(bootstrapPort, "{\"disaggregation_bootstrap_port\":" + LEARNED_PORT + ",\"dp_size\":1}",
        workers);
  }

  /**
   * A prefill and a decode that record their legs; the decode streams or answers JSON as asked, the
   * prefill answers {@code GET /server_info} with {@code serverInfo}.
   */
  private Rig rig(int bootstrapPort, String serverInfo, ScriptedWorker[] workers) {
    workers[0] = bed.worker(ex -> ex.json(200, ex.request().path().equals("/server_info")
        ? serverInfo : "{\"id\":\"prefill\"}"));
    workers[1] = bed.worker(ex -> ex.answerAsAsked(SSE, "{\"id\":\"decode\"}"));
    return Rig.builder().dialect("sglang").bootstrapPort(bootstrapPort)
        .prefill(workers[0].url()).decode(workers[1].url()).start(bed);
  }

  /** The client body as a worker must see it: unchanged but for the three bootstrap fields. */
  private static JsonObject withoutBootstrap(JsonObject leg) {
    JsonObject copy = leg.copy();
    copy.remove("bootstrap_host");
    copy.remove("bootstrap_port");
    copy.remove("bootstrap_room");
    return copy;
  }

  @Test
  void aStreamedChatGoesToBothLegsUnchangedWithOneRoom() {
    ScriptedWorker[] w = new ScriptedWorker[2];
    Rig rig = rig(0, w);
    String client = """
        {"model":"m","stream":true,"stream_options":{"include_usage":true},"max_tokens":5,\
        "messages":[{"role":"user","content":"hi"}]}""";
    HttpResponse<String> r = Http.post(rig.url(CHAT), client, Map.of("x-request-id", "rid-1"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(SSE);
    Await.until("the prefill leg ended", () -> rig.counters.handoffs() == 1);
    JsonObject prefill = w[0].bodies.get(0);
    JsonObject decode = w[1].bodies.get(0);
    assertThat(prefill).isEqualTo(decode);
    assertThat(withoutBootstrap(decode)).isEqualTo(new JsonObject(client));
    assertThat(decode.getString("bootstrap_host")).isEqualTo("127.0.0.1");
    assertThat(decode.getInteger("bootstrap_port")).isEqualTo(LEARNED_PORT);
    assertThat(decode.getLong("bootstrap_room")).isNotNegative();
    assertThat(w[0].postHeaders(0).get("x-request-id")).isEqualTo("rid-1");
    assertThat(w[1].headers.get(0).get("x-request-id")).isEqualTo("rid-1");
    assertThat(w[1].headers.get(0).get("content-type")).isEqualTo("application/json");
  }

  @Test
  void aNonStreamedCompletionCarriesTheConfiguredBootstrapPortAndAFreshRoomPerRequest() {
    ScriptedWorker[] w = new ScriptedWorker[2];
    Rig rig = rig(9123, w);
    String client = "{\"model\":\"m\",\"prompt\":\"once upon\",\"max_tokens\":4}";
    assertThat(Http.post(rig.url(COMPLETIONS), client).body()).isEqualTo("{\"id\":\"decode\"}");
    assertThat(Http.post(rig.url(COMPLETIONS), client).body()).isEqualTo("{\"id\":\"decode\"}");
    Await.until("both prefill legs ended", () -> rig.counters.handoffs() == 2);
    JsonObject first = w[1].bodies.get(0);
    assertThat(withoutBootstrap(first)).isEqualTo(new JsonObject(client));
    assertThat(first.getInteger("bootstrap_port")).isEqualTo(9123);
    assertThat(w[0].bodies.get(0)).isEqualTo(first);
    assertThat(w[1].bodies.get(1).getLong("bootstrap_room")).isNotEqualTo(first.getLong("bootstrap_room"));
    assertThat(w[0].requestLines).as("a configured port is not asked for")
        .containsExactly("POST " + COMPLETIONS, "POST " + COMPLETIONS);
  }

  @Test
  void theBootstrapPortIsLearnedFromServerInfoOnceAndAskedAgainOnceForgotten() {
    ScriptedWorker[] w = new ScriptedWorker[2];
    Rig rig = rig(0, w);
    String client = "{\"model\":\"m\",\"prompt\":\"once upon\",\"max_tokens\":4}";
    Http.post(rig.url(COMPLETIONS), client);
    Http.post(rig.url(COMPLETIONS), client);
    Await.until("both prefill legs ended", () -> rig.counters.handoffs() == 2);
    assertThat(w[0].requestLines).containsExactly("GET /server_info", "POST " + COMPLETIONS,
        "POST " + COMPLETIONS);
    assertThat(w[1].bodies.get(1).getInteger("bootstrap_port")).isEqualTo(LEARNED_PORT);
    assertThat(rig.lookups.cached()).isEqualTo(1);
    rig.lookups.forget(rig.endpoint(w[0].url()).id());
    Http.post(rig.url(COMPLETIONS), client);
    assertThat(w[0].requestLines).filteredOn(line -> line.startsWith("GET")).hasSize(2);
  }

  @Test
  void aPrefillThatDoesNotSayGetsTheDefaultPort() {
    ScriptedWorker[] w = new ScriptedWorker[2];
    Rig rig = rig(0, "{\"dp_size\":1}", w);
    String client = "{\"model\":\"m\",\"prompt\":\"once upon\",\"max_tokens\":4}";
    Http.post(rig.url(COMPLETIONS), client);
    assertThat(w[1].bodies.get(0).getInteger("bootstrap_port"))
        .isEqualTo(SglangDialect.DEFAULT_BOOTSTRAP_PORT);
  }

  @Test
  void aListOfPromptsGetsOneRoomPerPromptOnBothLegs() {
    ScriptedWorker[] w = new ScriptedWorker[2];
    Rig rig = rig(0, w);
    String client = "{\"model\":\"m\",\"prompt\":[\"a\",\"b\",\"c\"],\"max_tokens\":2,\"stream\":true}";
    assertThat(Http.post(rig.url(COMPLETIONS), client).body()).isEqualTo(SSE);
    Await.until("the prefill leg ended", () -> rig.counters.handoffs() == 1);
    JsonObject decode = w[1].bodies.get(0);
    assertThat(w[0].bodies.get(0)).isEqualTo(decode);
    assertBatch(decode, 3, LEARNED_PORT);
  }

  @Test
  void aChatWithSeveralChoicesGetsOneRoomPerChoice() {
    ScriptedWorker[] w = new ScriptedWorker[2];
    Rig rig = rig(0, w);
    String client = "{\"model\":\"m\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertThat(Http.post(rig.url(CHAT), client).body()).isEqualTo("{\"id\":\"decode\"}");
    Await.until("the prefill leg ended", () -> rig.counters.handoffs() == 1);
    assertThat(w[0].bodies.get(0)).isEqualTo(w[1].bodies.get(0));
    assertBatch(w[1].bodies.get(0), 2, LEARNED_PORT);
  }

  @Test
  void aTokenIdPromptIsOnePromptNotABatch() {
    ScriptedWorker[] w = new ScriptedWorker[2];
    Rig rig = rig(0, w);
    String client = "{\"model\":\"m\",\"prompt\":[1,2,3],\"max_tokens\":2}";
    Http.post(rig.url(COMPLETIONS), client);
    JsonObject decode = w[1].bodies.get(0);
    assertThat(decode.getValue("bootstrap_room")).isInstanceOf(Long.class);
    assertThat(decode.getValue("bootstrap_host")).isEqualTo("127.0.0.1");
  }

  private static void assertBatch(JsonObject leg, int size, int port) {
    JsonArray hosts = leg.getJsonArray("bootstrap_host");
    JsonArray ports = leg.getJsonArray("bootstrap_port");
    JsonArray rooms = leg.getJsonArray("bootstrap_room");
    assertThat(hosts.size()).isEqualTo(size);
    assertThat(ports.size()).isEqualTo(size);
    assertThat(rooms.size()).isEqualTo(size);
    Set<Long> distinct = new HashSet<>();
    for (int i = 0; i < size; i++) {
      assertThat(hosts.getString(i)).isEqualTo("127.0.0.1");
      assertThat(ports.getInteger(i)).isEqualTo(port);
      assertThat(rooms.getLong(i)).isNotNegative();
      distinct.add(rooms.getLong(i));
    }
    assertThat(distinct).hasSize(size);
  }
}
