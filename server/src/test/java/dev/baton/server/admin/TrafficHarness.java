package dev.baton.server.admin;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Health;
import dev.baton.router.endpoint.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.DisaggregationConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import dev.baton.server.health.HealthCheckConfig;
import dev.baton.server.metrics.BatonMetrics;
import dev.baton.server.scrape.MetricsScrapeConfig;
import dev.baton.server.testing.Await;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimFleet;
import dev.baton.sim.SimWorker;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Baton in front of simulated workers (an aggregated pool and a NIXL prefill/decode pool) with its
 * admin server on a free port, and a client that streams real requests through Baton. Baton's own
 * request path feeds the metrics the admin server exports.
 */
final class TrafficHarness implements AutoCloseable {
  static final String AGG_MODEL = "agg-model";
  static final String PD_MODEL = SimConfig.DEFAULT_MODEL;

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  final Vertx vertx;
  final SimFleet fleet;
  final SimFleet aggFleet;
  final BatonServer baton;
  final BatonMetrics metrics;
  private final AtomicInteger sent = new AtomicInteger();

  TrafficHarness(String adminToken) {
    this(adminToken, 50);
  }

  /**
   * @param speed the simulated GPUs' time compression: 50 for quick tests, a few units to keep
   *     requests in flight long enough to be seen
   */
  TrafficHarness(String adminToken, double speed) {
    vertx = Vertx.vertx();
    fleet = Await.get(SimFleet.start(vertx, 3, SimConfig.defaults().withSpeed(speed)));
    aggFleet = Await.get(
        SimFleet.start(vertx, 1, SimConfig.defaults().withModel(AGG_MODEL).withSpeed(speed)));
    List<SimWorker> w = fleet.workers();
    BatonConfig config = new BatonConfig(
        new ServerConfig("127.0.0.1", 0, null, null),
        UpstreamTimeouts.DEFAULTS,
        List.of(
            new PoolConfig("pd", List.of(PD_MODEL), "nixl",
                new DisaggregationConfig(true, 0, 1, null),
                List.of(
                    new EndpointConfig(w.get(0).baseUrl(), Role.PREFILL, null, null),
                    new EndpointConfig(w.get(1).baseUrl(), Role.DECODE, null, null),
                    new EndpointConfig(w.get(2).baseUrl(), Role.DECODE, null, null))),
            new PoolConfig("chat", List.of(AGG_MODEL), "none", null,
                List.of(new EndpointConfig(aggFleet.worker(0).baseUrl(), Role.BOTH, "chat-0",
                    null)))),
        null,
        new HealthCheckConfig(null, Duration.ofMillis(100), null, 1, null),
        new MetricsScrapeConfig(null, Duration.ofMillis(100), null, null),
        new AdminConfig("127.0.0.1", 0, adminToken));
    baton = Await.get(BatonServer.start(vertx, config));
    metrics = baton.metrics();
  }

  String adminUrl() {
    return baton.adminUrl();
  }

  List<String> endpointIds() {
    return baton.runtime().get().endpoints().map(EndpointState::id).toList();
  }

  /** Waits until every endpoint was probed healthy and scraped once. */
  void awaitLiveState() {
    Await.until("endpoints probed and scraped", () -> baton.runtime().get().endpoints()
        .allMatch(e -> e.health() == Health.HEALTHY && e.load().isKnown()));
  }

  /** Streams {@code count} chat completions through Baton, alternating the two pools. */
  void stream(int count) {
    stream(count, 12);
  }

  /** Streams {@code count} chat completions of {@code maxTokens} each, one after the other. */
  void stream(int count, int maxTokens) {
    for (int i = 0; i < count; i++) {
      int n = sent.getAndIncrement();
      boolean split = n % 2 == 0;
      streamOne(split ? PD_MODEL : AGG_MODEL, "request " + n + ": tell me about batons",
          maxTokens);
    }
  }

  private void streamOne(String model, String prompt, int maxTokens) {
    String body = "{\"model\":\"" + model + "\",\"stream\":true,\"max_tokens\":" + maxTokens
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    HttpRequest request = HttpRequest.newBuilder(URI.create(baton.baseUrl() + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      HttpResponse<Stream<String>> response =
          CLIENT.send(request, HttpResponse.BodyHandlers.ofLines());
      try (Stream<String> lines = response.body()) {
        lines.forEach(l -> { });
      }
      if (response.statusCode() != 200) {
        throw new AssertionError("status " + response.statusCode() + " for " + model);
      }
    } catch (java.io.IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    Await.get(baton.close());
    Await.get(fleet.close());
    Await.get(aggFleet.close());
    Await.get(vertx.close());
  }
}
