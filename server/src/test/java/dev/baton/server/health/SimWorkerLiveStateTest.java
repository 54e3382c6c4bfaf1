package dev.baton.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Health;
import dev.baton.router.endpoint.Role;
import dev.baton.server.scrape.Await;
import dev.baton.server.scrape.MetricsScrapeConfig;
import dev.baton.server.scrape.MetricType;
import dev.baton.server.scrape.PrometheusTextParser;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health and load read from the simulated vLLM worker, as they would be from vLLM itself. */
class SimWorkerLiveStateTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void tearDown() {
    Await.result(vertx.close());
  }

  @Test
  void followsTheSimulatedWorkersHealthSwitchAndItsRunningRequests() {
    SimWorker sim =
        Await.result(
            SimWorker.start(
                vertx, SimConfig.defaults().withLoraAdapters(List.of("sql-lora")).withMaxLoras(2)));
    EndpointState state =
        new EndpointState(
            Endpoint.of(sim.host(), sim.port(), Role.BOTH, Set.of(SimConfig.DEFAULT_MODEL)));
    LiveState live =
        Await.result(
            LiveState.start(
                vertx,
                new HealthCheckConfig("/health", Duration.ofMillis(20), Duration.ofSeconds(2), 2, 2),
                new MetricsScrapeConfig(
                    "/metrics", Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofSeconds(5)),
                List.of(state)));

    Await.until("healthy and an idle load", () -> state.health() == Health.HEALTHY
        && state.load().isKnown());
    assertThat(state.load().running()).isZero();
    assertThat(state.load().maxLoras()).isEqualTo(2);

    // One long generation at real-time speed keeps a sequence running for seconds.
    HttpClient client = vertx.createHttpClient();
    JsonObject body =
        new JsonObject()
            .put("model", "sql-lora")
            .put("prompt", "Say something long.")
            .put("max_tokens", 5000)
            .put("ignore_eos", true);
    client
        .request(HttpMethod.POST, sim.port(), sim.host(), "/v1/completions")
        .compose(request -> request.putHeader("content-type", "application/json").send(body.toBuffer()));
    Await.until("the running request in the scraped load", () -> state.load().running() == 1);
    assertThat(state.load().activeLoras()).containsExactly("sql-lora");
    assertThat(state.load().kvCacheUsage()).isPositive();

    sim.healthy(false);
    Await.until("unhealthy", () -> state.health() == Health.UNHEALTHY);
    sim.healthy(true);
    Await.until("healthy again", () -> state.health() == Health.HEALTHY);

    // The simulator's exposition (written by the Prometheus Java client) passes the strict parser.
    String exposition =
        Await.result(
                client
                    .request(HttpMethod.GET, sim.port(), sim.host(), "/metrics")
                    .compose(request -> request.send())
                    .compose(response -> response.body()))
            .toString();
    assertThat(PrometheusTextParser.parseAll(exposition))
        .anyMatch(s -> s.family().equals("vllm:prompt_tokens") && s.type() == MetricType.COUNTER);
    Await.result(live.close());
    Await.result(sim.close());
  }
}
