package dev.baton.server.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import dev.baton.sim.Flavor;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A data-parallel server's ranks each get their load from the series labelled with their rank
 * ({@code engine="<rank>"}), scraped from a simulated server over real sockets; an engine that
 * labels no ranks gives each rank an even share.
 */
class DataParallelScrapeTest {
  private static final MetricsScrapeConfig FAST = new MetricsScrapeConfig(
      "/metrics", Duration.ofMillis(20), Duration.ofMillis(500), Duration.ofMillis(2000));

  private final Vertx vertx = Vertx.vertx();
  // Room for every long request at once (the default pool holds 5 connections per server).
  private final HttpClient client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(16));

  @AfterEach
  void tearDown() {
    Await.result(vertx.close());
  }

  private SimWorker sim(Flavor flavor) {
    // Slow enough that a long answer keeps its request running while the scraper looks.
    return Await.result(SimWorker.start(vertx, SimConfig.defaults().withSpeed(0.5), null, flavor,
        3));
  }

  private static EndpointState state(SimWorker sim) {
    return new EndpointState(new Endpoint("dp", "http", sim.host(), sim.port(), Role.BOTH,
        Set.of(sim.config().model()), Map.of(), 0, 3));
  }

  /** Starts a long request pinned to {@code rank} and leaves it running. */
  private void occupy(SimWorker sim, int rank) {
    client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(sim.host())
            .setPort(sim.port()).setURI("/v1/completions")
            .putHeader("X-data-parallel-rank", Integer.toString(rank))
            .putHeader("Content-Type", "application/json"))
        .compose(req -> req.send("{\"prompt\":\"hello there\",\"max_tokens\":5000,"
            + "\"ignore_eos\":true,\"stream\":true}"));
  }

  @Test
  void eachRankReadsItsOwnEngineSeries() {
    SimWorker sim = sim(Flavor.VLLM);
    EndpointState server = state(sim);
    occupy(sim, 1);
    occupy(sim, 1);
    Await.until("rank 1 runs both", () -> sim.stats(1).running() == 2);
    MetricsScraper scraper = new MetricsScraper(vertx, FAST);
    Await.result(scraper.start(List.of(server)));
    List<EndpointState> ranks = server.candidates();
    Await.until("rank 1's load scraped", () -> ranks.get(1).load().running() == 2);
    assertThat(ranks.get(0).load().isKnown()).isTrue();
    assertThat(ranks.get(0).load().running()).isZero();
    assertThat(ranks.get(2).load().running()).isZero();
    assertThat(ranks.get(1).load().kvCacheUsage()).isPositive();
    assertThat(server.load().running()).as("the server's total").isEqualTo(2);
    Await.result(scraper.close());
  }

  @Test
  void ranksOfAnEngineWithoutRankSeriesShareItsLoad() {
    SimWorker sim = sim(Flavor.SGLANG);
    EndpointState server = state(sim);
    for (int r = 0; r < 3; r++) {
      occupy(sim, r);
      occupy(sim, r);
    }
    Await.until("six requests running", () -> sim.stats().running() == 6);
    MetricsScraper scraper = new MetricsScraper(vertx, FAST);
    Await.result(scraper.start(List.of(server)));
    Await.until("the server's load scraped", () -> server.load().running() == 6);
    Await.until("each rank's share", () -> server.candidates().stream()
        .allMatch(rank -> rank.load().running() == 2));
    Await.result(scraper.close());
  }
}
