package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** echo, logprobs, prompt_logprobs, n, batch prompts, min_tokens, token-id prompts and LoRA names. */
class RequestOptionsTest {

  @RegisterExtension
  static SimFixture sims = SimFixture.workers(1,
      SimConfig.defaults().withSpeed(100).withLoraAdapters(List.of("sql-lora")));

  static JsonNode complete(String body) {
    Http.Response r = sims.http().post(sims.worker(0), "/v1/completions", body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void echoPrependsThePrompt() {
    String plain = complete("{\"prompt\":\"Echo me\",\"max_tokens\":3,\"ignore_eos\":true}")
        .get("choices").get(0).get("text").asText();
    String echoed = complete("{\"prompt\":\"Echo me\",\"max_tokens\":3,\"ignore_eos\":true,\"echo\":true}")
        .get("choices").get(0).get("text").asText();
    assertThat(echoed).isEqualTo("Echo me" + plain);
  }

  @Test
  void completionLogprobsHaveOneEntryPerToken() {
    JsonNode lp = complete("{\"prompt\":\"Log me\",\"max_tokens\":4,\"ignore_eos\":true,\"logprobs\":3}")
        .get("choices").get(0).get("logprobs");
    assertThat(lp.get("tokens")).hasSize(4);
    assertThat(lp.get("token_logprobs")).hasSize(4);
    assertThat(lp.get("text_offset")).hasSize(4);
    assertThat(lp.get("top_logprobs")).hasSize(4);
    assertThat(lp.get("top_logprobs").get(0).size()).isBetween(1, 3);
    assertThat(lp.get("token_logprobs").get(0).asDouble()).isNegative();
  }

  @Test
  void chatLogprobsAndTopLogprobs() {
    JsonNode choice = sims.http().post(sims.worker(0), "/v1/chat/completions",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":3,\"ignore_eos\":true,"
            + "\"logprobs\":true,\"top_logprobs\":2}").json().get("choices").get(0);
    JsonNode content = choice.get("logprobs").get("content");
    assertThat(content).hasSize(3);
    assertThat(content.get(0).get("token").asText()).isNotEmpty();
    assertThat(content.get(0).get("top_logprobs")).hasSize(2);
    assertThat(content.get(0).get("bytes").isArray()).isTrue();
  }

  @Test
  void promptLogprobsStartWithNull() {
    JsonNode choice = complete("{\"prompt\":\"one two three\",\"max_tokens\":1,\"prompt_logprobs\":1}")
        .get("choices").get(0);
    JsonNode plp = choice.get("prompt_logprobs");
    assertThat(plp).hasSize(4); // BOS one two three
    assertThat(plp.get(0).isNull()).isTrue();
    JsonNode second = plp.get(1);
    JsonNode entry = second.elements().next();
    assertThat(entry.get("rank").asInt()).isEqualTo(1);
    assertThat(entry.get("decoded_token").isTextual()).isTrue();
  }

  @Test
  void nAndBatchPromptsGiveOneChoiceEach() {
    JsonNode n = complete("{\"prompt\":\"same\",\"n\":3,\"max_tokens\":4,\"ignore_eos\":true}");
    assertThat(n.get("choices")).hasSize(3);
    assertThat(n.get("usage").get("completion_tokens").asInt()).isEqualTo(12);
    assertThat(n.get("usage").get("prompt_tokens").asInt()).isEqualTo(2);
    assertThat(n.get("choices").get(0).get("text").asText())
        .isNotEqualTo(n.get("choices").get(1).get("text").asText());

    JsonNode batch = complete("{\"prompt\":[\"first one\",\"second\"],\"max_tokens\":2,\"ignore_eos\":true}");
    assertThat(batch.get("choices")).hasSize(2);
    assertThat(batch.get("choices").get(1).get("index").asInt()).isEqualTo(1);
    assertThat(batch.get("usage").get("prompt_tokens").asInt()).isEqualTo(3 + 2);

    JsonNode ids = complete("{\"prompt\":[[128000,5,6],[128000,7]],\"max_tokens\":1}");
    assertThat(ids.get("usage").get("prompt_tokens").asInt()).isEqualTo(5);
  }

  @Test
  void streamedBatchInterleavesIndexes() {
    Http.Response r = sims.http().post(sims.worker(0), "/v1/completions",
        "{\"prompt\":[\"a b\",\"c d\"],\"max_tokens\":3,\"ignore_eos\":true,\"stream\":true}");
    var chunks = Sse.chunks(r.body());
    assertThat(chunks).hasSize(6);
    assertThat(chunks.stream().filter(c -> c.get("choices").get(0).get("index").asInt() == 1)).hasSize(3);
  }

  @Test
  void minTokensHoldsOffTheEndOfTurn() {
    JsonNode natural = complete("{\"prompt\":\"Why?\",\"max_tokens\":2000}");
    int length = natural.get("usage").get("completion_tokens").asInt();
    JsonNode longer = complete("{\"prompt\":\"Why?\",\"max_tokens\":2000,\"min_tokens\":" + (length + 10) + "}");
    assertThat(longer.get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
    assertThat(longer.get("usage").get("completion_tokens").asInt()).isEqualTo(length + 11);
  }

  @Test
  void loraAdapterIsServedAndListed() {
    JsonNode models = sims.http().get(sims.worker(0), "/v1/models").json().get("data");
    assertThat(models).hasSize(2);
    assertThat(models.get(1).get("id").asText()).isEqualTo("sql-lora");
    assertThat(models.get(1).get("parent").asText()).isEqualTo(SimConfig.DEFAULT_MODEL);
    JsonNode answer = complete("{\"model\":\"sql-lora\",\"prompt\":\"select\",\"max_tokens\":2}");
    assertThat(answer.get("model").asText()).isEqualTo("sql-lora");
  }
}
