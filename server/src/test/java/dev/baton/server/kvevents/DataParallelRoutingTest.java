package dev.baton.server.kvevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.KvEventsConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.Flavor;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.sim.kvevents.KvEventSettings;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One simulated server of four data-parallel ranks behind one port, over real sockets. Prompts that
 * share a prefix go back to the rank that holds it when Baton knows the ranks (from its own picks,
 * or from each rank's KV events on port + rank), and land anywhere when it does not (no header: the
 * server's own balancer picks); prompts without shared prefixes spread over the ranks.
 */
class DataParallelRoutingTest {
  private static final int RANKS = 4;
  private static final int GROUPS = 6;
  private static final int FOLLOW_UPS = 5;

  @RegisterExtension final TestBed bed = new TestBed();

  /** How Baton is told about the server. */
  private enum Awareness { NONE, RANKS, RANKS_AND_EVENTS }

  private SimWorker server(double speed) {
    SimWorker sim = Await.get(SimWorker.start(bed.vertx(),
        SimConfig.defaults().withModel(TestConfigs.MODEL).withSpeed(speed),
        KvEventSettings.onFreePorts(), Flavor.VLLM, RANKS));
    bed.closeAfter(() -> Await.get(sim.close()));
    return sim;
  }

  private BatonServer baton(SimWorker sim, Awareness awareness) {
    Integer ranks = awareness == Awareness.NONE ? null : RANKS;
    KvEventsConfig events = awareness != Awareness.RANKS_AND_EVENTS ? null
        : new KvEventsConfig(sim.kvEvents(0).port(), sim.kvEvents(0).replayPort(), null);
    PoolConfig pool = new PoolConfig("pool", List.of(TestConfigs.MODEL), "none", null,
        List.of(new EndpointConfig(sim.baseUrl(), Role.BOTH, "dp", null, null, null, null, ranks)),
        null, null, null, null, null, events, null, null);
    BatonServer baton = bed.baton(new BatonConfig(
        new ServerConfig("127.0.0.1", 0, 1L << 20, null), null, List.of(pool), null, null, null));
    if (events != null) {
      // One subscriber per rank, each replaying from 0 once connected.
      Await.until("every rank's events are subscribed",
          () -> EventFleet.count(baton, "baton.kv.events.replays") >= RANKS);
    }
    return baton;
  }

  @Test
  void sharedPrefixesLandOnTheRankThatHoldsThemOnlyWhenBatonKnowsTheRanks() {
    double unaware = rankHitRate(Awareness.NONE);
    double aware = rankHitRate(Awareness.RANKS);
    double precise = rankHitRate(Awareness.RANKS_AND_EVENTS);
    System.out.printf("rank hit rate over %d follow-ups: no rank awareness %.2f, ranks %.2f,"
        + " ranks + KV events %.2f%n", GROUPS * FOLLOW_UPS, unaware, aware, precise);
    assertThat(aware).isGreaterThanOrEqualTo(0.9);
    assertThat(precise).isGreaterThanOrEqualTo(0.9);
    assertThat(unaware).isLessThanOrEqualTo(0.6);
  }

  /**
   * Sends each group's first prompt, then its follow-ups (the prefix plus a new question) in a
   * shuffled order, one at a time; returns the share of follow-ups run on a rank that had already
   * run a prompt of their group (so holds its prefix).
   */
  private double rankHitRate(Awareness awareness) {
    SimWorker sim = server(200);
    BatonServer baton = baton(sim, awareness);
    List<Set<Integer>> holders = new ArrayList<>();
    String[] prefixes = new String[GROUPS];
    for (int g = 0; g < GROUPS; g++) {
      prefixes[g] = EventFleet.text(1_000 + g, 160);
      String first = prefixes[g] + " " + EventFleet.text(g, 8);
      holders.add(new HashSet<>(Set.of(servedRank(sim, baton, first))));
    }
    List<int[]> followUps = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      for (int q = 1; q <= FOLLOW_UPS; q++) {
        followUps.add(new int[] {g, q});
      }
    }
    Collections.shuffle(followUps, new Random(42));
    int hits = 0;
    for (int[] f : followUps) {
      String followUp = prefixes[f[0]] + " " + EventFleet.text(100 * f[0] + f[1], 8);
      int rank = servedRank(sim, baton, followUp);
      if (!holders.get(f[0]).add(rank)) {
        hits++;
      }
    }
    return (double) hits / followUps.size();
  }

  @Test
  void promptsWithoutSharedPrefixesSpreadOverTheRanks() {
    SimWorker sim = server(20);
    BatonServer baton = baton(sim, Awareness.RANKS);
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String prompt = EventFleet.text(5_000 + i, 40);
      sent.add(CompletableFuture.supplyAsync(() -> complete(baton, prompt, 64)));
    }
    sent.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));
    List<Long> perRank = IntStream.range(0, RANKS)
        .mapToObj(r -> sim.stats(r).requestsCompleted()).toList();
    System.out.println("distinct prompts per rank: " + perRank);
    assertThat(perRank).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(3L));
  }

  /** Sends the prompt through Baton and says which rank ran it (requests go one at a time). */
  private static int servedRank(SimWorker sim, BatonServer baton, String prompt) {
    long[] before = IntStream.range(0, RANKS).mapToLong(r -> sim.stats(r).requestsReceived())
        .toArray();
    assertThat(complete(baton, prompt, 2).statusCode()).isEqualTo(200);
    for (int r = 0; r < RANKS; r++) {
      if (sim.stats(r).requestsReceived() > before[r]) {
        return r;
      }
    }
    throw new AssertionError("no rank saw the request");
  }

  private static HttpResponse<String> complete(BatonServer baton, String prompt, int maxTokens) {
    return Http.post(baton.baseUrl() + "/v1/completions",
        Http.JSON.createObjectNode().put("model", TestConfigs.MODEL).put("prompt", prompt)
            .put("max_tokens", maxTokens).put("ignore_eos", true).toString());
  }
}
