package dev.baton.server.kvevents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.server.BatonServer;
import dev.baton.server.config.TokenizerConfig;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.SimConfig;
import dev.baton.sim.kvevents.KvEventSettings;
import io.micrometer.core.instrument.FunctionCounter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * What tokenizing costs per request with each {@code tokenizer} source, as Baton's own {@code
 * baton_tokenize_seconds_total / baton_tokenize_calls_total} report it: sequential chat requests
 * (a shared system prompt and a unique user turn, about 4,000 characters, so every one misses the
 * cache) through a Baton over one simulated worker. Not a unit test; run it with
 * {@code java -cp ... dev.baton.server.kvevents.TokenizeCostBench [tokenizer.json] [requests]}
 * (docs/scheduling.md). The default tokenizer is the small test one; pass a real model's file for
 * real figures.
 */
public final class TokenizeCostBench {
  private static final String[] WORDS = ("the of to and in is it you that he was for on are with"
      + " as his they be at one have this from or had by word but what some we can out other were"
      + " all there when up use your how said an each she which do their time if will way about"
      + " many then them write would like so these her long make thing see him two has look more")
      .split(" ");

  private TokenizeCostBench() {}

  public static void main(String[] args) throws Exception {
    String tokenizer = args.length > 0 ? args[0]
        : Path.of("server/src/test/resources/tokenizers/sim-llama/tokenizer.json").toString();
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    TestBed bed = new TestBed();
    bed.beforeEach(null);
    try {
      EventFleet fleet = new EventFleet(bed);
      fleet.worker(SimConfig.defaults().withModel(TestConfigs.MODEL).withSpeed(5_000),
          KvEventSettings.onFreePorts());
      run(fleet, "engine", TokenizerConfig.ENGINE, requests);
      run(fleet, "huggingface", new TokenizerConfig(TokenizerConfig.Source.HUGGINGFACE,
          Path.of(tokenizer).toAbsolutePath().toString()), requests);
    } finally {
      bed.afterEach(null);
    }
  }

  private static void run(EventFleet fleet, String source, TokenizerConfig tokenizer,
      int requests) {
    BatonServer baton = fleet.baton(fleet.config(tokenizer));
    String system = text(new Random(1), 100);
    Random random = new Random(source.hashCode());
    for (int i = 0; i < requests / 5; i++) { // warm-up: JIT, connections
      chat(baton, system, text(random, 600));
    }
    double calls = count(baton, source, "calls");
    double seconds = count(baton, source, "seconds");
    long started = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      chat(baton, system, text(random, 600));
    }
    double wall = (System.nanoTime() - started) / 1e9;
    double n = count(baton, source, "calls") - calls;
    System.out.printf(Locale.ROOT, "%-11s %6.0f calls  %8.1f us per call  (%d requests in %.1f s,"
            + " %.0f failures)%n", source, n, (count(baton, source, "seconds") - seconds) / n * 1e6,
        requests, wall, count(baton, source, "failures"));
    baton.close().await();
  }

  private static void chat(BatonServer baton, String system, String user) {
    ObjectNode body = Http.JSON.createObjectNode().put("model", TestConfigs.MODEL)
        .put("max_tokens", 1);
    body.putArray("messages")
        .add(Http.JSON.createObjectNode().put("role", "system").put("content", system))
        .add(Http.JSON.createObjectNode().put("role", "user").put("content", user));
    int status = Http.post(baton.baseUrl() + "/v1/chat/completions", body.toString()).statusCode();
    if (status != 200) {
      throw new IllegalStateException("Baton answered " + status);
    }
  }

  private static double count(BatonServer baton, String source, String what) {
    FunctionCounter c = baton.metrics().registry().find("baton.tokenize." + what)
        .tag("source", source).functionCounter();
    return c == null ? 0 : c.count();
  }

  private static String text(Random random, int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      sb.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }
}
