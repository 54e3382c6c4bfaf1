package dev.baton.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.router.endpoint.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.admin.AdminConfig;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.Flavor;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A simulated SGLang server of four data-parallel ranks behind one port, over real sockets, in a
 * pool of dialect {@code sglang} whose endpoint sets no {@code dataParallelSize}: Baton learns the
 * ranks from the server's {@code /server_info} {@code dp_size}, shows them on {@code /admin/pools}
 * and pins each request to a rank with {@code X-data-parallel-rank}. A configured size wins.
 */
class LearnedRanksTest {
  private static final int RANKS = 4;

  @RegisterExtension final TestBed bed = new TestBed();

  private SimWorker sglangServer() {
    SimWorker sim = Await.get(SimWorker.start(bed.vertx(),
        SimConfig.defaults().withModel(TestConfigs.MODEL).withSpeed(200), null, Flavor.SGLANG,
        RANKS));
    bed.closeAfter(() -> Await.get(sim.close()));
    return sim;
  }

  private BatonServer baton(SimWorker sim, String dialect, Integer dataParallelSize) {
    PoolConfig pool = new PoolConfig("pool", List.of(TestConfigs.MODEL), dialect, null,
        List.of(new EndpointConfig(sim.baseUrl(), Role.BOTH, "dp", null, null, null, null,
            dataParallelSize)));
    return bed.baton(new BatonConfig(new ServerConfig("127.0.0.1", 0, null, null),
        UpstreamTimeouts.DEFAULTS, List.of(pool), null, null, null,
        new AdminConfig("127.0.0.1", 0, null)));
  }

  private static JsonNode endpoint(BatonServer baton) {
    return Http.json(Http.get(baton.adminUrl() + "/admin/pools").body()).at("/0/endpoints/0");
  }

  @Test
  void theRanksAreLearnedFromServerInfoAndEachRequestIsPinnedToOne() {
    SimWorker sim = sglangServer();
    BatonServer baton = baton(sim, "sglang", null);
    Await.until("the endpoint shows the server's ranks",
        () -> endpoint(baton).path("dataParallelSize").asInt(1) == RANKS);
    assertThat(endpoint(baton).path("ranks")).hasSize(RANKS);

    // Without a header the server rotates idle requests over its ranks; pinned by Baton, requests
    // sharing a long prefix go back to the rank that holds it.
    String prefix = "shared context ".repeat(100);
    for (int i = 0; i < RANKS; i++) {
      assertThat(complete(baton, prefix + " question " + i).statusCode()).isEqualTo(200);
    }
    List<Long> perRank = IntStream.range(0, RANKS)
        .mapToObj(r -> sim.stats(r).requestsReceived()).toList();
    assertThat(perRank).as("requests per rank").containsOnlyOnce((long) RANKS);
  }

  @Test
  void aConfiguredDataParallelSizeWinsOverTheLearnedOne() {
    SimWorker sim = sglangServer();
    BatonServer baton = baton(sim, "sglang", 2);
    // Distinct prompts: Baton spreads them over the ranks it knows of, two.
    for (int i = 0; i < 2 * RANKS; i++) {
      assertThat(complete(baton, "hello " + i).statusCode()).isEqualTo(200);
    }
    assertThat(endpoint(baton).path("dataParallelSize").asInt()).isEqualTo(2);
    assertThat(IntStream.range(2, RANKS).mapToLong(r -> sim.stats(r).requestsReceived()).sum())
        .as("requests on ranks Baton was not told of").isZero();
  }

  private static java.net.http.HttpResponse<String> complete(BatonServer baton, String prompt) {
    return Http.post(baton.baseUrl() + "/v1/completions",
        Http.JSON.createObjectNode().put("model", TestConfigs.MODEL).put("prompt", prompt)
            .put("max_tokens", 2).put("ignore_eos", true).toString());
  }
}
