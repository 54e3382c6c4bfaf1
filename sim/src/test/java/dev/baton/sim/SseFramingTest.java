package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.sim.tokenizer.SimTokenizer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The exact bytes of small streamed answers, as vLLM frames them. */
class SseFramingTest {

  @RegisterExtension
  static SimFixture sims = SimFixture.workers(1, SimConfig.defaults().withSpeed(100));

  private static String[] words(String path, String body) {
    JsonNode ids = sims.http().post(sims.worker(0), path, body).json().get("choices").get(0).get("token_ids");
    String[] words = new String[ids.size()];
    for (int i = 0; i < words.length; i++) {
      words[i] = SimTokenizer.decode(ids.get(i).asInt());
    }
    return words;
  }

  @Test
  void chatStreamBytes() {
    String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
    String[] w = words("/v1/chat/completions",
        "{" + messages + ",\"max_tokens\":2,\"ignore_eos\":true,\"return_token_ids\":true}");
    int promptTokens = sims.http().post(sims.worker(0), "/tokenize", "{" + messages + "}").json().get("count").asInt();

    Http.Response r = sims.http().post(sims.worker(0), "/v1/chat/completions",
        "{" + messages + ",\"max_tokens\":2,\"ignore_eos\":true,\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true}}",
        Map.of("X-Request-Id", "sse1"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().get("Content-Type")).startsWith("text/event-stream");
    long created = Sse.chunks(r.body()).get(0).get("created").asLong();
    String head = "{\"id\":\"chatcmpl-sse1\",\"object\":\"chat.completion.chunk\",\"created\":" + created
        + ",\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",";
    String expected =
        "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"logprobs\":null,\"finish_reason\":null}]}\n\n"
            + "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + w[0] + "\"},"
            + "\"logprobs\":null,\"finish_reason\":null,\"stop_reason\":null}]}\n\n"
            + "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + w[1] + "\"},"
            + "\"logprobs\":null,\"finish_reason\":\"length\",\"stop_reason\":null}]}\n\n"
            + "data: " + head + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens
            + ",\"total_tokens\":" + (promptTokens + 2) + ",\"completion_tokens\":2,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":0}}}\n\n"
            + "data: [DONE]\n\n";
    assertThat(r.body()).isEqualTo(expected);
  }

  @Test
  void completionStreamBytesWithoutUsage() {
    String[] w = words("/v1/completions",
        "{\"prompt\":\"One two\",\"max_tokens\":2,\"ignore_eos\":true,\"return_token_ids\":true}");
    Http.Response r = sims.http().post(sims.worker(0), "/v1/completions",
        "{\"prompt\":\"One two\",\"max_tokens\":2,\"ignore_eos\":true,\"stream\":true}",
        Map.of("X-Request-Id", "sse2"));
    long created = Sse.chunks(r.body()).get(0).get("created").asLong();
    String head = "{\"id\":\"cmpl-sse2\",\"object\":\"text_completion\",\"created\":" + created
        + ",\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",";
    String expected =
        "data: " + head + "\"choices\":[{\"index\":0,\"text\":\"" + w[0] + "\",\"logprobs\":null,"
            + "\"finish_reason\":null,\"stop_reason\":null}]}\n\n"
            + "data: " + head + "\"choices\":[{\"index\":0,\"text\":\"" + w[1] + "\",\"logprobs\":null,"
            + "\"finish_reason\":\"length\",\"stop_reason\":null}]}\n\n"
            + "data: [DONE]\n\n";
    assertThat(r.body()).isEqualTo(expected);
  }

  @Test
  void continuousUsageAndNaturalStop() {
    Http.Response r = sims.http().post(sims.worker(0), "/v1/completions",
        "{\"prompt\":\"Why?\",\"max_tokens\":4000,\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true,\"continuous_usage_stats\":true}}");
    var chunks = Sse.chunks(r.body());
    JsonNode last = chunks.get(chunks.size() - 1);
    JsonNode lastToken = chunks.get(chunks.size() - 2);
    assertThat(last.get("choices")).isEmpty();
    assertThat(lastToken.get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
    // The end-of-turn token is counted but not shown.
    assertThat(lastToken.get("choices").get(0).get("text").asText()).isEmpty();
    assertThat(lastToken.get("usage").get("completion_tokens").asInt()).isEqualTo(chunks.size() - 1);
    assertThat(last.get("usage").get("completion_tokens").asInt()).isEqualTo(chunks.size() - 1);
    for (int i = 0; i < chunks.size() - 1; i++) {
      assertThat(chunks.get(i).get("usage").get("completion_tokens").asInt()).isEqualTo(i + 1);
    }
  }
}
