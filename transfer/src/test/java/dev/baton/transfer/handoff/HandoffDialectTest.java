package dev.baton.transfer.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The exact bodies each dialect produces (protocols.md sections 3 and 4). */
class HandoffDialectTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static HandoffContext chat(ObjectNode body) {
    return new HandoffContext(RequestKind.CHAT, body, MultiMap.caseInsensitiveMultiMap(), null, null);
  }

  private static HandoffContext completion(ObjectNode body) {
    return new HandoffContext(RequestKind.COMPLETION, body, MultiMap.caseInsensitiveMultiMap(), null,
        null);
  }

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static final String CHAT = """
      {"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,
       "stream_options":{"include_usage":true},"max_completion_tokens":50,"min_tokens":5,
       "temperature":0.2}""";

  private static final String COMPLETION = """
      {"model":"m","prompt":"hi","max_tokens":50,"min_tokens":5,"echo":false}""";

  private static final String HANDLE = """
      {"id":"cmpl-1","choices":[{"text":"x"}],"kv_transfer_params":{"do_remote_prefill":true,
       "do_remote_decode":false,"remote_block_ids":[1,2,3],"remote_engine_id":"e1",
       "remote_request_id":"r1","remote_host":"10.0.0.1","remote_port":5600,"tp_size":1}}""";

  @Test
  void nixlPrefillOfAChat() {
    ObjectNode client = json(CHAT);
    ObjectNode prefill = new NixlDialect().prefillBody(chat(client));
    assertThat(prefill).isEqualTo(json("""
        {"model":"m","messages":[{"role":"user","content":"hi"}],"stream":false,
         "max_completion_tokens":1,"temperature":0.2,"max_tokens":1,
         "kv_transfer_params":{"do_remote_decode":true,"do_remote_prefill":false,
           "remote_engine_id":null,"remote_block_ids":null,"remote_host":null,"remote_port":null}}"""));
    assertThat(client).isEqualTo(json(CHAT)); // never modified in place
  }

  @Test
  void nixlPrefillOfACompletionSetsMaxCompletionTokensOnlyWhenPresent() {
    ObjectNode prefill = new NixlDialect().prefillBody(completion(json(COMPLETION)));
    assertThat(prefill.has("max_completion_tokens")).isFalse();
    assertThat(prefill.get("max_tokens").asInt()).isEqualTo(1);
    assertThat(prefill.has("min_tokens")).isFalse();
    assertThat(prefill.get("stream").asBoolean()).isFalse();
  }

  @Test
  void nixlHandleIsCopiedVerbatimToDecode() {
    NixlDialect nixl = new NixlDialect();
    KvHandle handle = nixl.handle(json(HANDLE)).orElseThrow();
    ObjectNode decode = nixl.decodeBody(chat(json(CHAT)), handle);
    ObjectNode expected = json(CHAT);
    expected.set("kv_transfer_params", json(HANDLE).get("kv_transfer_params"));
    assertThat(decode).isEqualTo(expected);
  }

  @Test
  void nixlDecodeBytesAreTheDecodeBodySplicedIntoTheClientsBytes() throws Exception {
    NixlDialect nixl = new NixlDialect();
    KvHandle handle = nixl.handle(json(HANDLE)).orElseThrow();
    Buffer spliced = nixl.decodeBytes(chat(json(CHAT)), handle, Buffer.buffer(" \n" + CHAT));
    assertThat(JSON.readTree(spliced.getBytes())).isEqualTo(nixl.decodeBody(chat(json(CHAT)), handle));
    assertThat(spliced.toString()).contains("\"temperature\":0.2}").startsWith(" \n{\"kv_transfer_params\":{");
    // An empty object, and bytes that are no object: the tree written out instead.
    assertThat(JSON.readTree(nixl.decodeBytes(chat(json("{}")), handle, Buffer.buffer("{ }")).getBytes()))
        .isEqualTo(nixl.decodeBody(chat(json("{}")), handle));
    assertThat(JSON.readTree(nixl.decodeBytes(chat(json(CHAT)), handle, Buffer.buffer("[]")).getBytes()))
        .isEqualTo(nixl.decodeBody(chat(json(CHAT)), handle));
  }

  @Test
  void nixlRejectsIncompleteHandles() {
    NixlDialect nixl = new NixlDialect();
    assertThat(nixl.handle(json("{\"choices\":[]}"))).isEmpty();
    ObjectNode partial = json(HANDLE);
    ((ObjectNode) partial.get("kv_transfer_params")).putNull("remote_host");
    assertThat(nixl.handle(partial)).isEmpty();
    ObjectNode missing = json(HANDLE);
    ((ObjectNode) missing.get("kv_transfer_params")).remove("remote_request_id");
    assertThat(nixl.handle(missing)).isEmpty();
  }

  @Test
  void lmcacheSendsOneTokenPrefillAndTheOriginalToDecode() {
    LmCacheDialect lmcache = new LmCacheDialect();
    ObjectNode prefill = lmcache.prefillBody(chat(json(CHAT)));
    assertThat(prefill).isEqualTo(json("""
        {"model":"m","messages":[{"role":"user","content":"hi"}],"stream":false,
         "max_completion_tokens":1,"temperature":0.2,"max_tokens":1}"""));
    KvHandle handle = lmcache.handle(json("{\"choices\":[]}")).orElseThrow();
    assertThat(lmcache.decodeBody(chat(json(CHAT)), handle)).isEqualTo(json(CHAT));
  }

  @Test
  void releaseBodyIsAOneTokenDecodeWithTheHandle() {
    NixlDialect nixl = new NixlDialect();
    KvHandle handle = nixl.handle(json(HANDLE)).orElseThrow();
    JsonNode release = nixl.releaseBody(chat(json(CHAT)), handle).orElseThrow();
    assertThat(release.get("max_tokens").asInt()).isEqualTo(1);
    assertThat(release.get("stream").asBoolean()).isFalse();
    assertThat(release.get("kv_transfer_params")).isEqualTo(handle.transferParams());
    assertThat(new LmCacheDialect().releaseBody(chat(json(CHAT)), KvHandle.IMPLICIT)).isEmpty();
  }

  @Test
  void promptLogprobsComeFromThePrefill() {
    ObjectNode prefill = json("""
        {"choices":[{"index":0,"text":"a","prompt_logprobs":[null,{"1":{"logprob":-1.0}}],
          "logprobs":{"tokens":["p1","p2","a"],"token_logprobs":[null,-1.0,-0.5],
                      "top_logprobs":[null,{},{}],"text_offset":[0,2,4]}}],
         "usage":{"prompt_tokens":2,"completion_tokens":1}}""");
    ObjectNode decode = json("""
        {"choices":[{"index":0,"text":"p1p2abc","prompt_logprobs":null,
          "logprobs":{"tokens":["a","b"],"token_logprobs":[-0.5,-0.3],"top_logprobs":[{},{}],
                      "text_offset":[4,5]}}],
         "usage":{"prompt_tokens":2,"completion_tokens":2}}""");
    ObjectNode merged = PromptPartsMerge.merge(prefill, decode, true);
    JsonNode choice = merged.get("choices").get(0);
    assertThat(choice.get("prompt_logprobs")).isEqualTo(prefill.get("choices").get(0).get("prompt_logprobs"));
    assertThat(choice.get("logprobs").get("tokens").toString()).isEqualTo("[\"p1\",\"p2\",\"a\",\"b\"]");
    assertThat(choice.get("logprobs").get("text_offset").toString()).isEqualTo("[0,2,4,5]");
    assertThat(merged.get("usage")).isEqualTo(decode.get("usage"));
  }
}
