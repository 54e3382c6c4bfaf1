package dev.baton.transfer.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.transfer.testing.ExchangeBed;
import dev.baton.transfer.testing.Http;
import dev.baton.transfer.testing.Rig;
import dev.baton.transfer.testing.ScriptedWorker;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exact JSON of both legs of the sequential protocol, per dialect and request kind, against
 * scripted workers; the answer the client gets is the decode's. (Stripping a client's own
 * {@code kv_transfer_params} is the front door's job, tested in the server.)
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

  @RegisterExtension final ExchangeBed bed = new ExchangeBed();

  private ScriptedWorker prefill(String answer) {
    return bed.worker(ex -> ex.json(200, answer));
  }

  private ScriptedWorker streamingDecode() {
    return bed.worker(ex -> ex.response().putHeader("content-type", "text/event-stream").end(SSE));
  }

  private ScriptedWorker jsonDecode(String answer) {
    return bed.worker(ex -> ex.json(200, answer));
  }

  private Rig rig(String dialect, ScriptedWorker prefill, ScriptedWorker decode) {
    return Rig.builder().dialect(dialect).prefill(prefill.url()).decode(decode.url()).start(bed);
  }

  private static HttpResponse<String> send(Rig rig, String path, String body) {
    return Http.post(rig.url(path), body, Map.of("X-Request-Id", "rid-1"));
  }

  private static void verifyLeg(ScriptedWorker worker, String json) {
    assertThat(worker.requests.get()).isEqualTo(1);
    assertThat(worker.headers.get(0).get("x-request-id")).isEqualTo("rid-1");
    assertThat(worker.bodies.get(0)).isEqualTo(new JsonObject(json));
  }

  @Test
  void nixlStreamingChat() {
    ScriptedWorker prefill = prefill(PREFILL_ANSWER);
    ScriptedWorker decode = streamingDecode();
    Rig rig = rig("nixl", prefill, decode);
    String client = """
        {"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,
         "stream_options":{"include_usage":true},"max_tokens":30,"min_tokens":2}""";
    HttpResponse<String> r = send(rig, CHAT_PATH, client);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(SSE);
    verifyLeg(prefill, """
        {"model":"m","messages":[{"role":"user","content":"hi"}],"stream":false,
         "max_tokens":1,"max_completion_tokens":1,
         "kv_transfer_params":{"do_remote_decode":true,"do_remote_prefill":false,
           "remote_engine_id":null,"remote_block_ids":null,"remote_host":null,"remote_port":null}}""");
    verifyLeg(decode, """
        {"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,
         "stream_options":{"include_usage":true},"max_tokens":30,"min_tokens":2,
         "kv_transfer_params":%s}""".formatted(HANDLE_PARAMS));
    assertThat(rig.counters.handoffs()).isEqualTo(1);
  }

  @Test
  void nixlNonStreamingCompletion() {
    ScriptedWorker prefill = prefill(PREFILL_ANSWER);
    ScriptedWorker decode = jsonDecode("{\"id\":\"cmpl-d\"}");
    Rig rig = rig("nixl", prefill, decode);
    HttpResponse<String> r = send(rig, COMPLETIONS_PATH, "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":30}");
    assertThat(r.body()).isEqualTo("{\"id\":\"cmpl-d\"}");
    verifyLeg(prefill, """
        {"model":"m","prompt":"hi","stream":false,"max_tokens":1,
         "kv_transfer_params":{"do_remote_decode":true,"do_remote_prefill":false,
           "remote_engine_id":null,"remote_block_ids":null,"remote_host":null,"remote_port":null}}""");
    verifyLeg(decode, """
        {"model":"m","prompt":"hi","max_tokens":30,"kv_transfer_params":%s}""".formatted(HANDLE_PARAMS));
  }

  @Test
  void lmcacheStreamingChat() {
    ScriptedWorker prefill = prefill("{\"id\":\"chatcmpl-p\",\"choices\":[]}");
    ScriptedWorker decode = streamingDecode();
    Rig rig = rig("lmcache", prefill, decode);
    String client = """
        {"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,
         "max_completion_tokens":30}""";
    assertThat(send(rig, CHAT_PATH, client).body()).isEqualTo(SSE);
    verifyLeg(prefill, """
        {"model":"m","messages":[{"role":"user","content":"hi"}],"stream":false,
         "max_completion_tokens":1,"max_tokens":1}""");
    verifyLeg(decode, client);
  }

  @Test
  void lmcacheNonStreamingCompletion() {
    ScriptedWorker prefill = prefill("{\"id\":\"cmpl-p\",\"choices\":[]}");
    ScriptedWorker decode = jsonDecode("{\"id\":\"cmpl-d\"}");
    Rig rig = rig("lmcache", prefill, decode);
    String client = "{\"model\":\"m\",\"prompt\":[1,2,3],\"max_tokens\":30,\"min_tokens\":3}";
    assertThat(send(rig, COMPLETIONS_PATH, client).body()).isEqualTo("{\"id\":\"cmpl-d\"}");
    verifyLeg(prefill, "{\"model\":\"m\",\"prompt\":[1,2,3],\"max_tokens\":1,\"stream\":false}");
    verifyLeg(decode, client);
  }

  @Test
  void nonStreamingEchoGetsThePromptPartsOfThePrefill() {
    ScriptedWorker prefill = prefill("""
        {"id":"cmpl-p","choices":[{"index":0,"text":"hix","prompt_logprobs":[null,{"7":{"logprob":-2.0}}]}],
         "usage":{"prompt_tokens":2,"completion_tokens":1},"kv_transfer_params":%s}"""
        .formatted(HANDLE_PARAMS));
    ScriptedWorker decode = jsonDecode("""
        {"id":"cmpl-d","choices":[{"index":0,"text":"hixyz","prompt_logprobs":null}],
         "usage":{"prompt_tokens":2,"completion_tokens":3,"prompt_tokens_details":{"cached_tokens":2}}}""");
    Rig rig = rig("nixl", prefill, decode);
    HttpResponse<String> r = send(rig, COMPLETIONS_PATH,
        "{\"model\":\"m\",\"prompt\":\"hi\",\"echo\":true,\"prompt_logprobs\":1}");
    var answer = Http.json(r.body());
    assertThat(answer.get("id").asText()).isEqualTo("cmpl-d");
    assertThat(answer.get("choices").get(0).get("prompt_logprobs").toString())
        .isEqualTo("[null,{\"7\":{\"logprob\":-2.0}}]");
    assertThat(answer.get("usage").get("completion_tokens").asInt()).isEqualTo(3);
    assertThat(answer.get("usage").get("prompt_tokens_details").get("cached_tokens").asInt()).isEqualTo(2);
  }
}
