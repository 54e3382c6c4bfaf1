package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SimWorkerApiTest {

  @RegisterExtension
  static SimFixture sims = SimFixture.workers(1, SimConfig.defaults().withSpeed(100))
      .resetBeforeEach();

  SimWorker w() {
    return sims.worker(0);
  }

  @Test
  void completionAnswersWithDefaultSixteenTokensAndUsage() {
    Http.Response r = sims.http().post(w(), "/v1/completions",
        "{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"prompt\":\"Hello world, how are you?\",\"ignore_eos\":true}",
        Map.of("X-Request-Id", "abc123"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().get("X-Request-Id")).isEqualTo("abc123");
    JsonNode body = r.json();
    assertThat(body.get("id").asText()).isEqualTo("cmpl-abc123");
    assertThat(body.get("object").asText()).isEqualTo("text_completion");
    assertThat(body.get("model").asText()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
    JsonNode choice = body.get("choices").get(0);
    assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
    assertThat(choice.get("text").asText()).isNotBlank();
    JsonNode usage = body.get("usage");
    // BOS + "Hello" " world" "," " how" " are" " you" "?"
    assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(8);
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(16);
    assertThat(usage.get("total_tokens").asInt()).isEqualTo(24);
    assertThat(usage.get("prompt_tokens_details").get("cached_tokens").asInt()).isZero();
    assertThat(w().stats().requestsCompleted()).isEqualTo(1);
    assertThat(w().stats().generationTokens()).isEqualTo(16);
  }

  @Test
  void sameRequestGivesSameTextAndStreamMatchesNonStream() {
    String body = "{\"prompt\":\"Tell me a story\",\"max_tokens\":12,\"ignore_eos\":true}";
    String a = sims.http().post(w(), "/v1/completions", body).json().get("choices").get(0).get("text").asText();
    String b = sims.http().post(w(), "/v1/completions", body).json().get("choices").get(0).get("text").asText();
    assertThat(a).isEqualTo(b);
    Http.Response s = sims.http().post(w(), "/v1/completions",
        "{\"prompt\":\"Tell me a story\",\"max_tokens\":12,\"ignore_eos\":true,\"stream\":true}");
    StringBuilder streamed = new StringBuilder();
    for (JsonNode chunk : Sse.chunks(s.body())) {
      streamed.append(chunk.get("choices").get(0).get("text").asText());
    }
    assertThat(streamed.toString()).isEqualTo(a);
  }

  @Test
  void chatCompletionRespectsMaxCompletionTokens() {
    Http.Response r = sims.http().post(w(), "/v1/chat/completions",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi there\"}],\"max_completion_tokens\":5,"
            + "\"max_tokens\":50,\"ignore_eos\":true}");
    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.get("object").asText()).isEqualTo("chat.completion");
    assertThat(body.get("id").asText()).startsWith("chatcmpl-");
    JsonNode choice = body.get("choices").get(0);
    assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
    assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
    assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(5);
  }

  @Test
  void naturalStopEndsWithStop() {
    Http.Response r = sims.http().post(w(), "/v1/completions", "{\"prompt\":\"Why?\",\"max_tokens\":5000}");
    JsonNode choice = r.json().get("choices").get(0);
    assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
    int completion = r.json().get("usage").get("completion_tokens").asInt();
    assertThat(completion).isBetween(128, 384);
  }

  @Test
  void modelsHealthVersionTokenize() {
    JsonNode models = sims.http().get(w(), "/v1/models").json();
    assertThat(models.get("object").asText()).isEqualTo("list");
    JsonNode m = models.get("data").get(0);
    assertThat(m.get("id").asText()).isEqualTo(SimConfig.DEFAULT_MODEL);
    assertThat(m.get("object").asText()).isEqualTo("model");
    assertThat(m.get("owned_by").asText()).isEqualTo("vllm");
    assertThat(m.get("root").asText()).isEqualTo(SimConfig.DEFAULT_MODEL);
    assertThat(m.get("max_model_len").asInt()).isEqualTo(131072);
    assertThat(sims.http().get(w(), "/health").status()).isEqualTo(200);
    assertThat(sims.http().get(w(), "/health").body()).isEmpty();
    w().healthy(false);
    assertThat(sims.http().get(w(), "/health").status()).isEqualTo(503);
    assertThat(sims.http().get(w(), "/ping").status()).isEqualTo(503);
    w().healthy(true);
    assertThat(sims.http().get(w(), "/ping").status()).isEqualTo(200);
    assertThat(sims.http().get(w(), "/version").json().get("version").asText()).isNotBlank();
    JsonNode tok = sims.http().post(w(), "/tokenize", "{\"prompt\":\"Hello world\"}").json();
    assertThat(tok.get("count").asInt()).isEqualTo(3);
    assertThat(tok.get("tokens")).hasSize(3);
    assertThat(tok.get("max_model_len").asInt()).isEqualTo(131072);
  }
}
