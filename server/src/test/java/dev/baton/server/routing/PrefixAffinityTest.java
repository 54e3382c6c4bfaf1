package dev.baton.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.scheduling.config.PluginRef;
import dev.baton.router.scheduling.config.PluginSpec;
import dev.baton.router.scheduling.config.ProfileSpec;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.scrape.PrometheusTextParser;
import dev.baton.server.scrape.Sample;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same request sequence through Baton twice, over fresh simulated workers whose KV cache holds
 * only a quarter of the shared prefixes: once with a round-robin profile, once with the default
 * profile. The workers' own {@code vllm:prefix_cache_*} counters must show that the default profile
 * keeps each prefix on the worker that already has it.
 */
class PrefixAffinityTest {
  private static final int WORKERS = 4;
  private static final int GROUPS = 8;
  private static final int REQUESTS = 64;
  /** 3,520 tokens of KV per worker: two groups' contexts (~1,550 tokens each) fit, eight do not. */
  private static final SimConfig SMALL_KV =
      SimConfig.defaults().withModel(TestConfigs.MODEL).withSpeed(200).withKvBlocks(220);

  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void theDefaultProfileHitsTheWorkersPrefixCachesFarMoreThanRoundRobin() {
    List<String> prompts = requestSequence();
    double roundRobin = workerHitRate(roundRobinProfile(), prompts);
    double defaults = workerHitRate(SchedulingConfig.defaults(), prompts);
    assertThat(defaults)
        .as("default profile hit rate %.2f vs round-robin %.2f", defaults, roundRobin)
        .isGreaterThan(0.6)
        .isGreaterThan(2 * roundRobin);
  }

  /** Sends every prompt, one at a time, and returns the workers' token hit rate. */
  private double workerHitRate(SchedulingConfig scheduling, List<String> prompts) {
    List<SimWorker> workers = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      SimWorker worker = bed.sim(SMALL_KV);
      workers.add(worker);
      urls.add(worker.baseUrl());
    }
    BatonConfig base = TestConfigs.aggregated(urls.toArray(String[]::new));
    BatonServer baton = bed.baton(base.toBuilder().scheduling(scheduling).build());
    for (String prompt : prompts) {
      HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/completions",
          Http.JSON.createObjectNode().put("model", TestConfigs.MODEL).put("prompt", prompt)
              .put("max_tokens", 2).toString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    double hits = 0;
    double queries = 0;
    for (SimWorker worker : workers) {
      for (Sample s : PrometheusTextParser.parseAll(Http.get(worker.baseUrl() + "/metrics").body())) {
        if (s.name().equals("vllm:prefix_cache_hits_total")) {
          hits += s.value();
        } else if (s.name().equals("vllm:prefix_cache_queries_total")) {
          queries += s.value();
        }
      }
    }
    assertThat(queries).isPositive();
    return hits / queries;
  }

  /** Users of eight groups, each group sharing a long context, asking short questions. */
  private static List<String> requestSequence() {
    List<String> contexts = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      StringBuilder context = new StringBuilder();
      for (int w = 0; w < 220; w++) {
        context.append("group ").append(g).append(" context line ").append(w).append(". ");
      }
      contexts.add(context.toString());
    }
    Random random = new Random(7);
    List<String> prompts = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      prompts.add(contexts.get(random.nextInt(GROUPS)) + "Question " + i + ": what comes next?");
    }
    return prompts;
  }

  private static SchedulingConfig roundRobinProfile() {
    return new SchedulingConfig(
        List.of(PluginSpec.of("round-robin")),
        List.of(new ProfileSpec(SchedulingConfig.DECODE_PROFILE,
            List.of(PluginRef.of("round-robin")))));
  }
}
