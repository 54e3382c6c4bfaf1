package dev.baton.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.RawClient;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LoRA affinity end to end, with the default scheduling profile: two simulated workers that can both
 * serve two adapters, one LoRA slot each. While one worker runs a long {@code sql-lora} generation
 * (so its {@code vllm:lora_requests_info} lists the adapter), more {@code sql-lora} requests go to
 * it although it is the busier worker, and {@code chat-lora} and base-model requests go to the other.
 */
class LoraAffinityTest {
  private static final String SQL = "sql-lora";
  private static final String CHAT = "chat-lora";
  private static final int REQUESTS = 6;
  /** Real-time speed and no natural end, so the long generation runs until the test hangs up. */
  private static final SimConfig WORKER = SimConfig.defaults().withModel(TestConfigs.MODEL)
      .withLoraAdapters(List.of(SQL, CHAT)).withMaxLoras(1).withNaturalOutputTokens(1_000_000);

  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void requestsForAnAdapterGoWhereItIsLoaded() throws Exception {
    SimWorker one = bed.sim(WORKER);
    SimWorker two = bed.sim(WORKER);
    BatonServer baton = bed.baton(new BatonConfig(new ServerConfig("127.0.0.1", 0, null, null), null,
        List.of(new PoolConfig("lora",
        List.of(TestConfigs.MODEL, SQL, CHAT), "none", null,
        List.of(new EndpointConfig(one.baseUrl(), Role.BOTH, null, null),
            new EndpointConfig(two.baseUrl(), Role.BOTH, null, null)), null, null, null,
        List.of(SQL, CHAT))), null, null, null));

    try (RawClient longRun = RawClient.post(baton.port(), "/v1/completions", """
        {"model": "%s", "prompt": "Write a long SQL tutorial.", "max_tokens": 100000,
         "ignore_eos": true, "stream": true}""".formatted(SQL))) {
      longRun.readUntil("data:");
      Await.until("a scrape showing " + SQL + " running",
          () -> runningSql(baton).isPresent());
      EndpointState loaded = runningSql(baton).orElseThrow();
      SimWorker withSql = loaded.endpoint().port() == one.port() ? one : two;
      SimWorker other = withSql == one ? two : one;

      RequestTally tally = RequestTally.of(withSql, other);
      sendAll(baton, SQL);
      assertThat(tally.since())
          .as("%s requests stay with the busier worker that runs it", SQL)
          .containsExactly(REQUESTS, 0);

      tally = RequestTally.of(withSql, other);
      sendAll(baton, CHAT);
      assertThat(tally.since())
          .as("%s goes where a LoRA slot is free", CHAT).containsExactly(0, REQUESTS);

      tally = RequestTally.of(withSql, other);
      sendAll(baton, TestConfigs.MODEL);
      assertThat(tally.since())
          .as("base-model requests follow load alone").containsExactly(0, REQUESTS);
    }
  }

  private static Optional<EndpointState> runningSql(BatonServer baton) {
    return baton.runtime().get().endpoints()
        .filter(e -> e.load().activeLoras().contains(SQL)).findFirst();
  }

  /** Short distinct prompts (under one prefix block), one at a time. */
  private static void sendAll(BatonServer baton, String model) {
    for (int i = 0; i < REQUESTS; i++) {
      HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/completions",
          Http.JSON.createObjectNode().put("model", model).put("prompt", "q" + i)
              .put("max_tokens", 2).toString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }
}
