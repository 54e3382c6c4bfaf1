package dev.baton.server.admin;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Health;
import dev.baton.router.endpoint.Role;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.server.BatonServer;
import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.DisaggregationConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.server.config.TimeoutsConfig;
import dev.baton.server.health.HealthCheckConfig;
import dev.baton.server.health.LiveState;
import dev.baton.server.metrics.BatonMetrics;
import dev.baton.server.metrics.RequestObserver;
import dev.baton.server.metrics.RequestOutcome;
import dev.baton.server.metrics.RequestRecord;
import dev.baton.server.metrics.Usage;
import dev.baton.server.scrape.MetricsScrapeConfig;
import dev.baton.server.testing.Await;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimFleet;
import dev.baton.sim.SimWorker;
import dev.baton.transfer.handoff.DialectName;
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
 * Baton in front of simulated workers (an aggregated pool and a NIXL prefill/decode pool) with the
 * admin server on top, and a client that streams real requests through Baton. Until the front door
 * feeds the {@link RequestObserver} itself, the client plays that part: it reports each request's
 * arrival, a plan over the pool's real endpoints, every SSE token as it arrives, and the end.
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
  final RequestObserver observer;
  final AdminServer admin;
  final LiveState live;
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
        TimeoutsConfig.DEFAULTS,
        List.of(
            new PoolConfig("pd", List.of(PD_MODEL), DialectName.NIXL,
                new DisaggregationConfig(true, 0, 1, null),
                List.of(
                    new EndpointConfig(w.get(0).baseUrl(), Role.PREFILL, null, null),
                    new EndpointConfig(w.get(1).baseUrl(), Role.DECODE, null, null),
                    new EndpointConfig(w.get(2).baseUrl(), Role.DECODE, null, null))),
            new PoolConfig("chat", List.of(AGG_MODEL), DialectName.NONE, null,
                List.of(new EndpointConfig(aggFleet.worker(0).baseUrl(), Role.BOTH, "chat-0",
                    null)))),
        null,
        new HealthCheckConfig(null, Duration.ofMillis(100), null, 1, null),
        new MetricsScrapeConfig(null, Duration.ofMillis(100), null, null));
    baton = Await.get(BatonServer.start(vertx, config));
    live = Await.get(LiveState.start(vertx, config.healthChecks(), config.metricsScrape(),
        baton.runtime().get().endpoints().toList()));
    metrics = BatonMetrics.create(baton.runtime()::get);
    metrics.bindHandoffCounters(baton.handoffCounters());
    metrics.bindRelayCounters(baton.relayCounters());
    metrics.bindAdmissionQueue(() -> 0);
    observer = new RequestObserver(metrics, AccessLog.disabled());
    admin = Await.get(AdminServer.start(vertx, new AdminConfig("127.0.0.1", 0, adminToken),
        baton.runtime()::get, metrics, null));
  }

  String adminUrl() {
    return "http://127.0.0.1:" + admin.port();
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
      streamOne(n, split ? PD_MODEL : AGG_MODEL, split, "request " + n + ": tell me about batons",
          maxTokens);
    }
  }

  private void streamOne(int n, String model, boolean split, String prompt, int maxTokens) {
    String body = "{\"model\":\"" + model + "\",\"stream\":true,\"max_tokens\":" + maxTokens
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    RequestRecord record = observer.onStart("harness-" + n, model);
    record.onRouted(plan(model, split, n), prompt.length() / 4);
    HttpRequest request = HttpRequest.newBuilder(URI.create(baton.baseUrl() + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      HttpResponse<Stream<String>> response =
          CLIENT.send(request, HttpResponse.BodyHandlers.ofLines());
      try (Stream<String> lines = response.body()) {
        lines.filter(l -> l.startsWith("data: {")).forEach(l -> record.onToken());
      }
      record.onEnd(response.statusCode(), response.statusCode() == 200
          ? RequestOutcome.SUCCESS : RequestOutcome.UPSTREAM_ERROR, Usage.UNKNOWN);
    } catch (Exception e) {
      record.onEnd(502, RequestOutcome.UPSTREAM_ERROR, Usage.UNKNOWN);
      throw new AssertionError(e);
    }
  }

  /** A plan over the pool's real endpoints (Baton's own plan is not visible from outside). */
  private RoutingPlan plan(String model, boolean split, int n) {
    List<EndpointState> pool = baton.runtime().get().route(model).orElseThrow().pool().endpoints();
    if (!split) {
      return new RoutingPlan(pool.get(0), null, 0, RoutingPlan.AGGREGATED);
    }
    EndpointState decode = pool.get(1 + n / 2 % 2);
    return new RoutingPlan(decode, pool.get(0), 10, RoutingPlan.SPLIT);
  }

  @Override
  public void close() {
    Await.get(admin.close());
    Await.get(live.close());
    Await.get(baton.close());
    Await.get(fleet.close());
    Await.get(aggFleet.close());
    Await.get(vertx.close());
  }
}
