package dev.baton.server.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Health;
import dev.baton.server.BatonServer;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimFleet;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload over real sockets: Baton serves from a YAML file in front of simulated workers (pool
 * {@code fast}) and a scripted worker that holds a stream open (pool {@code slow}); the file is then
 * edited while the stream is in flight.
 */
class HotReloadTest {
  private static final String FAST = SimConfig.DEFAULT_MODEL;
  private static final String SLOW = "hold-model";

  @TempDir Path dir;
  private Path file;
  private Vertx vertx;
  private SimFleet fleet;
  private ScriptedWorker holder;
  private final AtomicReference<ScriptedWorker.Exchange> held = new AtomicReference<>();
  private BatonServer baton;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    fleet = Await.get(SimFleet.start(vertx, 3, SimConfig.defaults().withSpeed(50)));
    holder = ScriptedWorker.start(vertx, ex -> {
      // Opens a stream with one token and keeps it open until the test ends it.
      ex.sseHead();
      ex.event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}");
      held.set(ex);
    });
    file = dir.resolve("baton.yaml");
  }

  @AfterEach
  void tearDown() {
    if (baton != null) {
      Await.get(baton.close());
    }
    holder.close();
    Await.get(fleet.close());
    Await.get(vertx.close());
  }

  /** A config: the slow pool on the scripted worker, the fast pool on the given sim workers. */
  private String config(int queueDepthWeight, int... fastWorkers) {
    StringBuilder endpoints = new StringBuilder();
    for (int i : fastWorkers) {
      endpoints.append("      - {url: \"").append(fleet.worker(i).baseUrl())
          .append("\", id: sim-").append(i).append("}\n");
    }
    return """
        server: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0}
        healthChecks: {interval: 100ms, timeout: 1s, healthyThreshold: 1}
        metricsScrape: {interval: 100ms, staleAfter: 2s}
        pools:
          - name: slow
            models: [%s]
            endpoints:
              - {url: "%s", id: holder}
          - name: fast
            models: [%s]
            endpoints:
        %s
        scheduling:
          plugins:
            - {type: queue-depth}
            - {type: max-score}
          schedulingProfiles:
            - name: decode
              plugins: [{pluginRef: queue-depth, weight: %d}, {pluginRef: max-score}]
        """.formatted(SLOW, holder.url(), FAST, endpoints.toString().stripTrailing(),
        queueDepthWeight);
  }

  private void start(String yaml) throws IOException {
    Files.writeString(file, yaml);
    ConfigSource source = ConfigSource.of(file);
    baton = Await.get(BatonServer.start(vertx, source.load(), source));
  }

  private Set<String> endpointIds() {
    return baton.runtime().get().endpoints().map(EndpointState::id).collect(Collectors.toSet());
  }

  private EndpointState endpoint(String id) {
    return baton.runtime().get().endpoints().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
  }

  private HttpResponse<String> complete(String model) {
    return Http.post(baton.baseUrl() + "/v1/completions",
        "{\"model\":\"" + model + "\",\"prompt\":\"hello there\",\"max_tokens\":4}");
  }

  private CompletableFuture<HttpResponse<String>> openStream() {
    return Http.postAsync(baton.baseUrl() + "/v1/completions",
        "{\"model\":\"" + SLOW + "\",\"prompt\":\"hold\",\"stream\":true}");
  }

  private double metric(String series) {
    String text = Http.get(baton.adminUrl() + "/metrics").body();
    return text.lines().filter(l -> l.startsWith(series + " ")).findFirst()
        .map(l -> Double.parseDouble(l.substring(series.length() + 1))).orElse(0.0);
  }

  @Test
  void editingTheFileAddsAndRemovesEndpointsWhileAStreamIsInFlight() throws Exception {
    start(config(1, 0, 1));
    Await.get(baton.watch(Duration.ofMillis(100)));
    Await.until("the held worker probed healthy",
        () -> endpoint("holder").health() == Health.HEALTHY);
    CompletableFuture<HttpResponse<String>> stream = openStream();
    Await.until("the stream reached the worker", () -> held.get() != null);
    EndpointState holderBefore = endpoint("holder");
    assertThat(holderBefore.inFlightRequests()).isEqualTo(1);
    BatonRuntime before = baton.runtime().get();

    // sim-1 leaves, sim-2 joins, and a scorer weight changes.
    Files.writeString(file, config(5, 0, 2));
    Await.until("the new endpoints are live", () -> endpointIds().equals(
        Set.of("holder", "sim-0", "sim-2")));

    BatonRuntime after = baton.runtime().get();
    assertThat(after).isNotSameAs(before);
    assertThat(after.scheduler()).isNotSameAs(before.scheduler());
    // The endpoint that stayed is the same live state: its in-flight stream and health carry over.
    assertThat(endpoint("holder")).isSameAs(holderBefore);
    assertThat(endpoint("holder").inFlightRequests()).isEqualTo(1);
    assertThat(endpoint("holder").health()).isEqualTo(Health.HEALTHY);
    assertThat(stream).isNotDone();

    // The stream that started before the reload finishes normally.
    ScriptedWorker.Exchange ex = held.get();
    ex.event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}");
    ex.response().end("data: [DONE]\n\n");
    HttpResponse<String> streamed = stream.get(30, TimeUnit.SECONDS);
    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(streamed.body()).contains("\"a\"").contains("\"b\"").contains("[DONE]");
    Await.until("the stream's lease released", () -> holderBefore.inFlightRequests() == 0);

    // Requests keep flowing, and the added worker takes its share.
    long sim2Before = fleet.worker(2).stats().requestsReceived();
    long sim1Before = fleet.worker(1).stats().requestsReceived();
    for (int i = 0; i < 12; i++) {
      assertThat(complete(FAST).statusCode()).isEqualTo(200);
    }
    assertThat(fleet.worker(2).stats().requestsReceived()).isGreaterThan(sim2Before);
    assertThat(fleet.worker(1).stats().requestsReceived()).isEqualTo(sim1Before);
    // The swap comes first, the count once probes follow the new endpoints: wait for it.
    Await.until("the reload counted",
        () -> metric("baton_config_reloads_total{outcome=\"success\"}") == 1.0);
  }

  @Test
  void aBadFileKeepsTheRunningConfigAndCountsTheFailure() throws Exception {
    start(config(1, 0, 1));
    Await.get(baton.watch(Duration.ofMillis(100)));
    BatonRuntime before = baton.runtime().get();

    Files.writeString(file, config(1, 0, 1).replace("healthyThreshold: 1", "healthyThreshold: one"));
    Await.until("the failed reload counted",
        () -> metric("baton_config_reloads_total{outcome=\"failure\"}") == 1.0);
    assertThat(baton.runtime().get()).isSameAs(before);
    assertThat(complete(FAST).statusCode()).isEqualTo(200);

    // Fixing the file is picked up by the next change.
    Files.writeString(file, config(1, 0, 2));
    Await.until("the fixed file applied", () -> endpointIds().contains("sim-2")
        && metric("baton_config_reloads_total{outcome=\"success\"}") == 1.0);
    assertThat(metric("baton_config_reloads_total{outcome=\"failure\"}")).isEqualTo(1.0);
  }

  @Test
  void postAdminReloadAppliesTheFileOrExplainsWhyNot() throws Exception {
    start(config(1, 0));
    // No watcher: only the admin API reloads.
    Files.writeString(file, config(1, 0, 1));
    HttpResponse<String> ok = Http.post(baton.adminUrl() + "/admin/reload", "");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(Http.json(ok.body()).path("reloaded").asBoolean()).isTrue();
    assertThat(endpointIds()).contains("sim-1");

    BatonRuntime before = baton.runtime().get();
    Files.writeString(file, config(1, 0, 1) + "surprise: true\n");
    HttpResponse<String> bad = Http.post(baton.adminUrl() + "/admin/reload", "");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Http.error(bad).path("message").asText())
        .contains(file + ":").contains(": surprise: unknown key `surprise`");
    assertThat(baton.runtime().get()).isSameAs(before);
    assertThat(metric("baton_config_reloads_total{outcome=\"failure\"}")).isEqualTo(1.0);
    assertThat(metric("baton_config_reloads_total{outcome=\"success\"}")).isEqualTo(1.0);
  }
}
