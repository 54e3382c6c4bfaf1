package dev.baton.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import dev.baton.router.scheduling.LeastInFlightScheduler;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigException;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.server.metrics.BatonMetrics;
import dev.baton.server.metrics.RequestObserver;
import dev.baton.server.metrics.RequestOutcome;
import dev.baton.server.metrics.RequestRecord;
import dev.baton.server.metrics.Usage;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.RuntimeBuilder;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestConfigs;
import dev.baton.transfer.handoff.PrefillFailurePolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API over real HTTP against a runtime of configured (not running) workers. */
class AdminServerTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  /** Held so the level set below sticks (JUL keeps loggers weakly). */
  private static final java.util.logging.Logger ADMIN_LOG =
      java.util.logging.Logger.getLogger(AdminServer.class.getName());

  private static Vertx vertx;
  private final AtomicReference<BatonRuntime> runtime = new AtomicReference<>();
  private BatonMetrics metrics;
  private AdminServer admin;

  @BeforeAll
  static void vertx() {
    // Drains and failed reloads are logged on purpose; the tests cause them on purpose too.
    ADMIN_LOG.setLevel(java.util.logging.Level.OFF);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    Await.get(vertx.close());
  }

  @BeforeEach
  void setUp() {
    runtime.set(RuntimeBuilder.build(
        TestConfigs.split("nixl", 1, PrefillFailurePolicy.DECODE, null,
            List.of("http://10.0.0.1:8000"), List.of("http://10.0.0.2:8000", "http://10.0.0.3:8000")),
        new LeastInFlightScheduler()));
    metrics = BatonMetrics.create(runtime::get);
  }

  @AfterEach
  void tearDown() {
    if (admin != null) {
      Await.get(admin.close());
    }
  }

  private String start(String token, Supplier<Future<?>> reload) {
    admin = Await.get(AdminServer.start(vertx, new AdminConfig("127.0.0.1", 0, token),
        runtime::get, metrics, reload));
    return "http://127.0.0.1:" + admin.port();
  }

  private static HttpResponse<String> send(String method, String url, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    try {
      return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private EndpointState state(String id) {
    return runtime.get().endpoints().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void poolsShowEveryEndpointWithItsLiveState() {
    String base = start(null, null);
    state("10.0.0.2:8000").acquire(50);
    HttpResponse<String> res = Http.get(base + "/admin/pools");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("content-type")).contains("application/json");
    JsonNode pools = Http.json(res.body());
    assertThat(pools).hasSize(1);
    JsonNode pool = pools.get(0);
    assertThat(pool.get("name").asText()).isEqualTo("pd");
    assertThat(pool.get("models").get(0).asText()).isEqualTo(TestConfigs.MODEL);
    assertThat(pool.at("/disaggregation/enabled").asBoolean()).isTrue();
    assertThat(pool.get("policy").asText()).isEqualTo("default");
    assertThat(pool.get("source").asText()).isEqualTo("static");
    assertThat(pool.at("/timeouts/firstByte").asText()).isEqualTo("PT1M");
    assertThat(pool.get("endpoints")).hasSize(3);
    JsonNode decode = pool.get("endpoints").get(1);
    assertThat(decode.get("id").asText()).isEqualTo("10.0.0.2:8000");
    assertThat(decode.get("role").asText()).isEqualTo("decode");
    assertThat(decode.get("health").asText()).isEqualTo("unknown");
    assertThat(decode.get("inFlight").asInt()).isEqualTo(1);
    assertThat(decode.get("inFlightTokens").asInt()).isEqualTo(50);
    assertThat(decode.get("picks").asInt()).isEqualTo(1);
    assertThat(decode.get("draining").asBoolean()).isFalse();
    assertThat(decode.get("breakerOpen").asBoolean()).isFalse();
    assertThat(decode.at("/load/known").asBoolean()).isFalse();
  }

  @Test
  void aDataParallelEndpointShowsEachRank() {
    PoolConfig pool = new PoolConfig("dp", List.of(TestConfigs.MODEL), "none", null,
        List.of(new EndpointConfig("http://10.0.0.9:8000", Role.BOTH, "dp", null, null, null, null,
            2)), null, null, null, null, null, null, null, null);
    runtime.set(RuntimeBuilder.build(new BatonConfig(
        new ServerConfig("127.0.0.1", 0, 1L << 20, null), null, List.of(pool), null, null, null),
        new LeastInFlightScheduler()));
    String base = start(null, null);
    state("dp").candidates().get(1).acquire(10);
    JsonNode endpoint = Http.json(Http.get(base + "/admin/pools").body()).at("/0/endpoints/0");
    assertThat(endpoint.get("dataParallelSize").asInt()).isEqualTo(2);
    assertThat(endpoint.get("inFlight").asInt()).isEqualTo(1);
    assertThat(endpoint.at("/ranks/1/rank").asInt()).isEqualTo(1);
    assertThat(endpoint.at("/ranks/1/inFlight").asInt()).isEqualTo(1);
    assertThat(endpoint.at("/ranks/0/inFlight").asInt()).isZero();
    assertThat(endpoint.at("/ranks/0/load/known").asBoolean()).isFalse();
  }

  @Test
  void drainAndUndrainFlipTheEndpointState() {
    String base = start(null, null);
    HttpResponse<String> drained = send("POST", base + "/admin/endpoints/10.0.0.3:8000/drain", null);
    assertThat(drained.statusCode()).isEqualTo(200);
    assertThat(state("10.0.0.3:8000").draining()).isTrue();
    assertThat(state("10.0.0.3:8000").schedulable()).isFalse();
    assertThat(state("10.0.0.2:8000").draining()).isFalse();
    JsonNode body = Http.json(drained.body());
    assertThat(body.get("draining").asBoolean()).isTrue();
    assertThat(body.at("/endpoints/0/draining").asBoolean()).isTrue();
    assertThat(Http.json(Http.get(base + "/admin/pools").body()).at("/0/endpoints/2/draining")
        .asBoolean()).isTrue();

    assertThat(send("POST", base + "/admin/endpoints/10.0.0.3:8000/undrain", null).statusCode())
        .isEqualTo(200);
    assertThat(state("10.0.0.3:8000").draining()).isFalse();

    HttpResponse<String> unknown = send("POST", base + "/admin/endpoints/nope/drain", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Http.error(unknown).get("code").asText()).isEqualTo("endpoint_not_found");
    // GET on a POST route is a 405 in OpenAI shape.
    HttpResponse<String> wrongMethod = Http.get(base + "/admin/endpoints/10.0.0.3:8000/drain");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    Http.error(wrongMethod);
  }

  @Test
  void aTokenGuardsTheAdminApiButNotMetrics() {
    String base = start("t0ps3cret", null);
    for (String token : new String[] {null, "wrong", "t0ps3cret-but-longer"}) {
      HttpResponse<String> denied = send("GET", base + "/admin/pools", token);
      assertThat(denied.statusCode()).as("token %s", token).isEqualTo(401);
      assertThat(Http.error(denied).get("type").asText()).isEqualTo("authentication_error");
      assertThat(denied.headers().firstValue("www-authenticate")).isPresent();
    }
    HttpResponse<String> drain = send("POST", base + "/admin/endpoints/10.0.0.3:8000/drain", null);
    assertThat(drain.statusCode()).isEqualTo(401);
    assertThat(state("10.0.0.3:8000").draining()).isFalse();

    assertThat(send("GET", base + "/admin/pools", "t0ps3cret").statusCode()).isEqualTo(200);
    assertThat(send("GET", base + "/admin/stats", "t0ps3cret").statusCode()).isEqualTo(200);
    assertThat(send("POST", base + "/admin/endpoints/10.0.0.3:8000/drain", "t0ps3cret")
        .statusCode()).isEqualTo(200);
    assertThat(state("10.0.0.3:8000").draining()).isTrue();
    assertThat(send("GET", base + "/metrics", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", base + "/dashboard", null).statusCode()).isEqualTo(200);
  }

  @Test
  void configIsServedWithSecretsRedacted() {
    String base = start("t0ps3cret", null);
    HttpResponse<String> res = send("GET", base + "/admin/config", "t0ps3cret");
    assertThat(res.statusCode()).isEqualTo(200);
    JsonNode config = Http.json(res.body());
    assertThat(config.at("/pools/0/name").asText()).isEqualTo("pd");
    assertThat(config.at("/pools/0/endpoints/0/url").asText()).isEqualTo("http://10.0.0.1:8000");
    assertThat(config.at("/timeouts/idle").asText()).isEqualTo("PT30S");
    assertThat(res.body()).doesNotContain("t0ps3cret");
  }

  @Test
  void reloadCallsTheHookAndMapsItsFailures() {
    String unavailable = start(null, null);
    HttpResponse<String> none = send("POST", unavailable + "/admin/reload", null);
    assertThat(none.statusCode()).isEqualTo(503);
    assertThat(Http.error(none).get("code").asText()).isEqualTo("reload_unavailable");
    Await.get(admin.close());

    AtomicInteger calls = new AtomicInteger();
    AtomicReference<Future<?>> next = new AtomicReference<>(Future.succeededFuture());
    String base = start(null, () -> {
      calls.incrementAndGet();
      return next.get();
    });
    HttpResponse<String> ok = send("POST", base + "/admin/reload", null);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(Http.json(ok.body()).get("reloaded").asBoolean()).isTrue();
    assertThat(calls).hasValue(1);

    next.set(Future.failedFuture(new ConfigException("baton.yaml: pools[0].endpoints: empty")));
    HttpResponse<String> invalid = send("POST", base + "/admin/reload", null);
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(Http.error(invalid).get("message").asText()).contains("pools[0].endpoints");

    next.set(Future.failedFuture(new IllegalStateException("disk on fire")));
    assertThat(send("POST", base + "/admin/reload", null).statusCode()).isEqualTo(500);
  }

  @Test
  void statsCarryRatesSplitTtftAndPools() {
    String base = start(null, null);
    JsonNode empty = Http.json(Http.get(base + "/admin/stats").body());
    assertThat(empty.at("/requests/total").asLong()).isZero();
    assertThat(empty.at("/ttftMs/p50").isNull()).isTrue();
    assertThat(empty.at("/split/disaggregatedShare").isNull()).isTrue();

    RequestObserver observer = new RequestObserver(metrics, AccessLog.disabled());
    RequestRecord r = observer.onStart("r1", TestConfigs.MODEL);
    r.onRouted(new RoutingPlan(state("10.0.0.2:8000"), state("10.0.0.1:8000"), 10,
        RoutingPlan.Reason.SPLIT), 20);
    r.onTokens(1);
    r.onEnd(200, RequestOutcome.SUCCESS, Usage.UNKNOWN);
    JsonNode stats = Http.json(Http.get(base + "/admin/stats").body());
    assertThat(stats.at("/requests/total").asLong()).isEqualTo(1);
    assertThat(stats.at("/split/disaggregated").asLong()).isEqualTo(1);
    assertThat(stats.at("/split/disaggregatedShare").asDouble()).isEqualTo(1.0);
    assertThat(stats.at("/ttftMs/samples").asLong()).isEqualTo(1);
    assertThat(stats.at("/ttftMs/p50").isNumber()).isTrue();
    assertThat(stats.at("/prefixHitRatio").asDouble()).isEqualTo(0.5);
    assertThat(stats.at("/pools/0/endpoints")).hasSize(3);
  }

  @Test
  void metricsDashboardAndUnknownRoutes() {
    String base = start(null, null);
    HttpResponse<String> metricsText = Http.get(base + "/metrics");
    assertThat(metricsText.statusCode()).isEqualTo(200);
    assertThat(metricsText.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/plain; version=0.0.4");
    assertThat(metricsText.body()).contains("baton_endpoint_in_flight_requests{endpoint=\"10.0.0.2:8000\"");

    HttpResponse<String> page = Http.get(base + "/dashboard");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
    assertThat(page.body()).contains("/admin/stats").doesNotContain("http://", "https://");

    HttpResponse<String> missing = Http.get(base + "/admin/nothing");
    assertThat(missing.statusCode()).isEqualTo(404);
    Http.error(missing);
  }
}
