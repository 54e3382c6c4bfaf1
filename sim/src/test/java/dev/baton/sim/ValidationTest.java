package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input gets vLLM's error shape with the right status. */
class ValidationTest {

  @RegisterExtension
  static SimFixture sims =
      SimFixture.workers(1, SimConfig.defaults().withSpeed(100).withMaxModelLen(64));

  static Stream<Arguments> badRequests() {
    String c = "/v1/completions";
    String chat = "/v1/chat/completions";
    String msgs = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    String longPrompt = "word ".repeat(80);
    return Stream.of(
        Arguments.of(c, "{not json", 400, null, "JSON decode error"),
        Arguments.of(c, "[1,2]", 400, null, "JSON object"),
        Arguments.of(c, "", 400, null, "empty"),
        Arguments.of(c, "{\"max_tokens\":5}", 400, "prompt", "prompt"),
        Arguments.of(c, "{\"prompt\":42}", 400, "prompt", "prompt"),
        Arguments.of(c, "{\"prompt\":[]}", 400, "prompt", "prompt"),
        Arguments.of(c, "{\"prompt\":[1,\"a\"]}", 400, "prompt", "out of vocabulary"),
        Arguments.of(c, "{\"prompt\":\"hi\",\"max_tokens\":-1}", 400, "max_tokens", "at least 1"),
        Arguments.of(c, "{\"prompt\":\"hi\",\"max_tokens\":0}", 400, "max_tokens", "at least 1"),
        Arguments.of(c, "{\"prompt\":\"hi\",\"max_tokens\":\"ten\"}", 400, "max_tokens", "integer"),
        Arguments.of(c, "{\"prompt\":\"hi\",\"stream\":\"yes\"}", 400, "stream", "boolean"),
        Arguments.of(c, "{\"prompt\":\"hi\",\"stream_options\":{\"include_usage\":true}}", 400,
            "stream_options", "stream=True"),
        Arguments.of(c, "{\"prompt\":\"hi\",\"stream\":false,\"stream_options\":{\"include_usage\":true}}", 400,
            "stream_options", "stream=True"),
        Arguments.of(c, "{\"model\":\"gpt-4\",\"prompt\":\"hi\"}", 404, "model", "does not exist"),
        Arguments.of(c, "{\"prompt\":\"" + longPrompt + "\"}", 400, "messages", "maximum context length"),
        Arguments.of(c, "{\"prompt\":\"hi\",\"max_tokens\":100}", 400, "max_tokens", "maximum context length"),
        Arguments.of(c, "{\"prompt\":\"hi\",\"n\":0}", 400, "n", "n must"),
        Arguments.of(c, "{\"prompt\":\"hi\",\"logprobs\":21}", 400, "logprobs", "logprobs"),
        Arguments.of(c, "{\"prompt\":\"hi\",\"temperature\":-1}", 400, "temperature", "temperature"),
        Arguments.of(c, "{\"prompt\":\"hi\",\"min_tokens\":5,\"max_tokens\":2}", 400, "min_tokens", "min_tokens"),
        Arguments.of(c, "{\"prompt\":\"hi\",\"stream\":true,\"kv_transfer_params\":{\"do_remote_decode\":true}}",
            400, "stream", "Streaming"),
        Arguments.of(c, "{\"prompt\":\"hi\",\"kv_transfer_params\":5}", 400, "kv_transfer_params", "object"),
        Arguments.of(chat, "{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\"}", 400, "messages", "messages"),
        Arguments.of(chat, "{\"messages\":[]}", 400, "messages", "messages"),
        Arguments.of(chat, "{\"messages\":[{\"content\":\"hi\"}]}", 400, "messages", "role"),
        Arguments.of(chat, "{" + msgs + ",\"top_logprobs\":2}", 400, "top_logprobs", "logprobs"),
        Arguments.of(chat, "{" + msgs + ",\"max_completion_tokens\":-3}", 400, "max_tokens", "at least 1"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badRequests")
  void rejected(String path, String body, int status, String param, String fragment) {
    Http.Response r = sims.http().post(sims.worker(0), path, body);
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.headers().get("Content-Type")).startsWith("application/json");
    JsonNode error = r.json().get("error");
    assertThat(error).isNotNull();
    assertThat(error.get("message").asText()).containsIgnoringCase(fragment);
    assertThat(error.get("type").asText()).isEqualTo(status == 404 ? "NotFoundError" : "BadRequestError");
    assertThat(error.get("code").asInt()).isEqualTo(status);
    assertThat(error.has("param")).isTrue();
    if (param != null) {
      assertThat(error.get("param").asText()).isEqualTo(param);
    }
  }

  @Test
  void unknownPathIsOpenAiShaped() {
    Http.Response r = sims.http().get(sims.worker(0), "/v1/nothing");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error").get("code").asInt()).isEqualTo(404);
  }

  @Test
  void rejectedRequestsAreCountedButNotRun() {
    long before = sims.worker(0).stats().requestsReceived();
    sims.http().post(sims.worker(0), "/v1/completions", "{\"prompt\":42}");
    assertThat(sims.worker(0).stats().requestsReceived()).isEqualTo(before + 1);
    assertThat(sims.worker(0).stats().running()).isZero();
  }
}
