package dev.baton.server.kvevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.server.BatonServer;
import dev.baton.server.config.TokenizerConfig;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.sim.kvevents.KvEventSettings;
import io.micrometer.core.instrument.FunctionCounter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code huggingface} tokenizer source over real sockets: Baton tokenizes prompts itself with
 * the committed test tokenizer (whose ids are the simulator's) and its chat template, never asking
 * a worker's {@code /tokenize}, and the precise matcher sends each prompt, completions or chat, to
 * the worker whose events say it holds it.
 */
class HuggingFaceTokenizerRoutingTest {
  private static final String TOKENIZER = Path.of(
      "src/test/resources/tokenizers/sim-llama/tokenizer.json").toAbsolutePath().toString();
  /** Words of the test tokenizer's vocabulary. */
  private static final List<String> WORDS = List.of("the", "water", "of", "people", "was",
      "long", "now", "they", "come", "down", "time", "word", "call", "first", "number", "sound");

  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void promptsAndChatsGoWhereTheEnginesSayTheyAreCachedWithoutAskingTheEngines() {
    EventFleet fleet = new EventFleet(bed);
    SimConfig sim = SimConfig.defaults().withModel(TestConfigs.MODEL).withSpeed(200);
    fleet.worker(sim, KvEventSettings.onFreePorts());
    SimWorker b = fleet.worker(sim, KvEventSettings.onFreePorts());
    BatonServer baton = fleet.baton(fleet.config(
        new TokenizerConfig(TokenizerConfig.Source.HUGGINGFACE, TOKENIZER)));
    String[] prompts = new String[4];
    for (int i = 0; i < prompts.length; i++) {
      prompts[i] = words(i, 80);
      EventFleet.complete(b.baseUrl(), prompts[i]); // cached on b without Baton
    }
    ObjectNode chat = chat(words(10, 40), words(11, 40));
    send(b.baseUrl() + "/v1/chat/completions", chat);
    fleet.settled(baton);

    for (String prompt : prompts) {
      assertThat(fleet.servedBy(baton.baseUrl(), prompt)).as("the worker that cached it").isOne();
    }
    long[] before = fleet.workers.stream().mapToLong(w -> w.stats().requestsReceived()).toArray();
    send(baton.baseUrl() + "/v1/chat/completions", chat);
    assertThat(b.stats().requestsReceived()).as("the chat went to b").isEqualTo(before[1] + 1);

    assertThat(tokenize(baton, "huggingface", "calls")).isEqualTo(prompts.length + 1);
    assertThat(tokenize(baton, "huggingface", "failures")).isZero();
    assertThat(tokenize(baton, "engine", "calls")).isZero();
  }

  @Test
  void aTokenizerThatCannotLoadLeavesThePoolOnTheApproximateView(@TempDir Path dir)
      throws Exception {
    Path broken = Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": 42}");
    EventFleet fleet = new EventFleet(bed);
    SimConfig sim = SimConfig.defaults().withModel(TestConfigs.MODEL).withSpeed(200);
    fleet.worker(sim, KvEventSettings.onFreePorts());
    BatonServer baton = fleet.baton(fleet.config(
        new TokenizerConfig(TokenizerConfig.Source.HUGGINGFACE, broken.toString())));

    EventFleet.complete(baton.baseUrl(), words(1, 40));
    send(baton.baseUrl() + "/v1/chat/completions", chat(words(2, 10), words(3, 10)));
    assertThat(tokenize(baton, "huggingface", "failures")).isEqualTo(2);
    assertThat(tokenize(baton, "engine", "calls")).isZero();
  }

  private static double tokenize(BatonServer baton, String source, String what) {
    FunctionCounter c = baton.metrics().registry().find("baton.tokenize." + what)
        .tag("source", source).functionCounter();
    return c == null ? 0 : c.count();
  }

  private static ObjectNode chat(String system, String user) {
    ObjectNode body = Http.JSON.createObjectNode().put("model", TestConfigs.MODEL)
        .put("max_tokens", 2);
    body.putArray("messages")
        .add(Http.JSON.createObjectNode().put("role", "system").put("content", system))
        .add(Http.JSON.createObjectNode().put("role", "user").put("content", user));
    return body;
  }

  private static void send(String url, ObjectNode body) {
    HttpResponse<String> r = Http.post(url, body.toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static String words(long seed, int count) {
    Random random = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      sb.append(i == 0 ? "" : " ").append(WORDS.get(random.nextInt(WORDS.size())));
    }
    return sb.toString();
  }
}
