package dev.baton.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Health;
import dev.baton.server.scrape.Await;
import dev.baton.server.scrape.FixtureWorker;
import dev.baton.server.scrape.MetricsScrapeConfig;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveStateTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void tearDown() {
    Await.result(vertx.close());
  }

  @Test
  void keepsHealthAndLoadCurrentAcrossAnUpdateUntilClosed() {
    try (FixtureWorker first = FixtureWorker.start(vertx);
        FixtureWorker second = FixtureWorker.start(vertx)) {
      first.metrics(
          "# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running{engine=\"0\"} 2\n");
      second.metrics("sglang:num_queue_reqs 4\n").healthStatus(503);
      HealthCheckConfig health =
          new HealthCheckConfig("/health", Duration.ofMillis(20), Duration.ofMillis(300), 1, 1);
      MetricsScrapeConfig scrape =
          new MetricsScrapeConfig(
              "/metrics", Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofSeconds(1));

      LiveState live = Await.result(LiveState.start(vertx, health, scrape, List.of(first.state())));
      Await.until("health and load", () -> first.state().health() == Health.HEALTHY
          && first.state().load().running() == 2);

      Await.result(live.update(List.of(first.state(), second.state())));
      Await.until("the added endpoint's state", () -> second.state().health() == Health.UNHEALTHY
          && second.state().load().waiting() == 4);
      assertThat(live.metricsScraper().counts()).hasSize(2);

      Await.result(live.close());
      assertThat(live.metricsScraper().counts()).isEmpty();
    }
  }
}
