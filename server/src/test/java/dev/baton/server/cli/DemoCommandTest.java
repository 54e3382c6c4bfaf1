package dev.baton.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.testing.Await;
import dev.baton.sim.SimWorker;
import io.vertx.core.Vertx;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo's shipped config really serves disaggregated: decode workers pull KV from prefill ones. */
class DemoCommandTest {

  @Test
  void theBuiltInDemoStreamsThroughPrefillAndDecode() throws Exception {
    BatonConfig config = DemoCommand.builtIn();
    assertThat(config.pools().get(0).endpoints()).hasSizeGreaterThanOrEqualTo(4);
    Vertx vertx = Vertx.vertx();
    DemoCommand.Demo demo = Await.get(DemoCommand.start(vertx, config, 0, 0, 20));
    OpenAIClient client = OpenAIOkHttpClient.builder()
        .baseUrl(demo.baton().baseUrl() + "/v1").apiKey("unused").maxRetries(0).build();
    try {
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
          .model(config.pools().get(0).models().get(0))
          .addUserMessage("Why pass a baton between prefill and decode?").maxCompletionTokens(16).build();
      String text;
      try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
        text = s.stream().flatMap(c -> c.choices().stream())
            .map(c -> c.delta().content().orElse("")).collect(Collectors.joining());
      }
      assertThat(text).isNotBlank();
      long pulled = demo.fleet().workers().stream().map(SimWorker::stats)
          .mapToLong(st -> st.kvTransfersIn()).sum();
      assertThat(pulled).isEqualTo(1);
    } finally {
      client.close();
      Await.get(demo.close());
      Await.get(vertx.close());
    }
  }
}
