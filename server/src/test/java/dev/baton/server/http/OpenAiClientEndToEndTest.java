package dev.baton.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import dev.baton.router.endpoint.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.DisaggregationConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import dev.baton.server.testing.Await;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimFleet;
import dev.baton.sim.SimStats;
import dev.baton.sim.SimWorker;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real OpenAI Java client through Baton to simulated vLLM workers: one aggregated pool and one
 * split (NIXL) pool. Every answer must equal what a worker gives when asked directly.
 */
class OpenAiClientEndToEndTest {
  private static final String AGG = "agg-model";
  private static final String PD = SimConfig.DEFAULT_MODEL;
  private static final String PROMPT = "Explain prefill and decode disaggregation in one paragraph.";

  private static Vertx vertx;
  private static SimFleet aggFleet;
  private static SimFleet pdFleet;
  private static BatonServer baton;
  private static OpenAIClient viaBaton;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    aggFleet = Await.get(SimFleet.start(vertx, 1, SimConfig.defaults().withModel(AGG).withSpeed(50)));
    pdFleet = Await.get(SimFleet.start(vertx, 4, SimConfig.defaults().withSpeed(50)));
    List<SimWorker> pd = pdFleet.workers();
    BatonConfig config = new BatonConfig(
        new ServerConfig("127.0.0.1", 0, null, null),
        UpstreamTimeouts.DEFAULTS,
        List.of(
            new PoolConfig("agg", List.of(AGG), "none", null,
                List.of(new EndpointConfig(aggFleet.worker(0).baseUrl(), Role.BOTH, null, null))),
            new PoolConfig("pd", List.of(PD), "nixl",
                new DisaggregationConfig(true, 0, 1, null),
                List.of(
                    new EndpointConfig(pd.get(0).baseUrl(), Role.PREFILL, null, null),
                    new EndpointConfig(pd.get(1).baseUrl(), Role.PREFILL, null, null),
                    new EndpointConfig(pd.get(2).baseUrl(), Role.DECODE, null, null),
                    new EndpointConfig(pd.get(3).baseUrl(), Role.DECODE, null, null)))),
        null, null, null);
    baton = Await.get(BatonServer.start(vertx, config));
    viaBaton = client(baton.baseUrl());
  }

  @AfterAll
  static void stop() {
    viaBaton.close();
    Await.get(baton.close());
    Await.get(aggFleet.close());
    Await.get(pdFleet.close());
    Await.get(vertx.close());
  }

  @BeforeEach
  void reset() {
    Await.get(aggFleet.resetAll());
    Await.get(pdFleet.resetAll());
  }

  private static OpenAIClient client(String base) {
    return OpenAIOkHttpClient.builder().baseUrl(base + "/v1").apiKey("unused").maxRetries(0)
        .timeout(Duration.ofSeconds(30)).build();
  }

  private static ChatCompletionCreateParams chat(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(PROMPT)
        .maxCompletionTokens(24).build();
  }

  private static CompletionCreateParams completion(String model) {
    return CompletionCreateParams.builder().model(model).prompt(PROMPT).maxTokens(24).build();
  }

  private static String chatText(OpenAIClient client, String model) {
    ChatCompletion c = client.chat().completions().create(chat(model));
    return c.choices().get(0).message().content().orElseThrow();
  }

  private static String chatStreamText(OpenAIClient client, String model) {
    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(chat(model))) {
      return s.stream().flatMap(c -> c.choices().stream())
          .map(ch -> ch.delta().content().orElse("")).collect(Collectors.joining());
    }
  }

  private static String completionText(OpenAIClient client, String model) {
    return client.completions().create(completion(model)).choices().get(0).text();
  }

  private static String completionStreamText(OpenAIClient client, String model) {
    try (StreamResponse<Completion> s = client.completions().createStreaming(completion(model))) {
      return s.stream().flatMap(c -> c.choices().stream()).map(ch -> ch.text())
          .collect(Collectors.joining());
    }
  }

  private static int inFlight() {
    return baton.runtime().get().endpoints().mapToInt(e -> e.inFlightRequests()).sum();
  }

  @Test
  void aggregatedAnswersEqualTheWorkersOwn() {
    OpenAIClient direct = client(aggFleet.worker(0).baseUrl());
    try {
      String expected = chatText(direct, AGG);
      assertThat(expected).isNotBlank();
      assertThat(chatText(viaBaton, AGG)).isEqualTo(expected);
      assertThat(chatStreamText(viaBaton, AGG)).isEqualTo(chatStreamText(direct, AGG));
      assertThat(completionText(viaBaton, AGG)).isEqualTo(completionText(direct, AGG));
      assertThat(completionStreamText(viaBaton, AGG)).isEqualTo(completionStreamText(direct, AGG));
    } finally {
      direct.close();
    }
    Await.until("in-flight back to zero", () -> inFlight() == 0);
  }

  @Test
  void splitAnswersEqualASingleWorkersAndMoveKv() {
    SimWorker reference = aggFleet.worker(0);
    // The reference serves another model name: ask it for that name, compare the text.
    OpenAIClient direct = client(reference.baseUrl());
    try {
      assertThat(chatText(viaBaton, PD)).isEqualTo(chatText(direct, AGG));
      assertThat(chatStreamText(viaBaton, PD)).isEqualTo(chatStreamText(direct, AGG));
      assertThat(completionText(viaBaton, PD)).isEqualTo(completionText(direct, AGG));
      assertThat(completionStreamText(viaBaton, PD)).isEqualTo(completionStreamText(direct, AGG));
    } finally {
      direct.close();
    }
    long transfersIn = pdFleet.workers().subList(2, 4).stream()
        .mapToLong(w -> w.stats().kvTransfersIn()).sum();
    assertThat(transfersIn).isEqualTo(4);
    assertThat(baton.handoffCounters().handoffs()).isGreaterThanOrEqualTo(4);
    Await.until("prefill blocks released", () -> pdFleet.workers().subList(0, 2).stream()
        .mapToInt(w -> w.stats().heldBlocks()).sum() == 0);
    Await.until("in-flight back to zero", () -> inFlight() == 0);
  }

  @Test
  void splitUsageReportsTheTransferredPromptAsCached() {
    Completion c = viaBaton.completions().create(completion(PD));
    CompletionUsage usage = c.usage().orElseThrow();
    SimStats decodeA = pdFleet.worker(2).stats();
    SimStats decodeB = pdFleet.worker(3).stats();
    assertThat(decodeA.kvTransfersIn() + decodeB.kvTransfersIn()).isEqualTo(1);
    assertThat(usage.completionTokens()).isEqualTo(24);
    assertThat(usage.promptTokensDetails().flatMap(d -> d.cachedTokens()).orElse(0L))
        .isGreaterThan(0L);
  }

  @Test
  void clientLeavingAStreamAbortsTheWorker() {
    // A long answer, slowed down, so the stream is surely still running when the client leaves.
    ChatCompletionCreateParams longChat = ChatCompletionCreateParams.builder().model(AGG)
        .addUserMessage(PROMPT).maxCompletionTokens(4000)
        .putAdditionalBodyProperty("ignore_eos", com.openai.core.JsonValue.from(true))
        .putAdditionalHeader("X-Sim-Fault", "slow:20").build();
    StreamResponse<ChatCompletionChunk> s = viaBaton.chat().completions().createStreaming(longChat);
    assertThat(s.stream().findFirst()).isPresent();
    s.close();
    Await.until("worker saw the abort", () -> aggFleet.worker(0).stats().requestsAborted() == 1);
    Await.until("in-flight back to zero", () -> inFlight() == 0);
    assertThat(baton.relayCounters().clientAborts()).isGreaterThanOrEqualTo(1);
  }
}
