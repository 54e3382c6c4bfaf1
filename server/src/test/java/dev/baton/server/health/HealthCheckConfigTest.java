package dev.baton.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.baton.server.scrape.MetricsScrapeConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthCheckConfigTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void defaults() {
    HealthCheckConfig config = HealthCheckConfig.defaults();
    assertThat(config.path()).isEqualTo("/health");
    assertThat(config.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.healthyThreshold()).isEqualTo(2);
    assertThat(config.unhealthyThreshold()).isEqualTo(3);

    MetricsScrapeConfig scrape = MetricsScrapeConfig.defaults();
    assertThat(scrape.path()).isEqualTo("/metrics");
    assertThat(scrape.interval()).isEqualTo(Duration.ofMillis(50));
    assertThat(scrape.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(scrape.staleAfter()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void jacksonBindsAPartialBlockAndFillsTheRestWithDefaults() throws Exception {
    HealthCheckConfig health =
        json.readValue("{\"path\":\"/ping\",\"unhealthyThreshold\":5}", HealthCheckConfig.class);
    assertThat(health)
        .isEqualTo(new HealthCheckConfig("/ping", Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 5));

    MetricsScrapeConfig scrape = json.readValue("{}", MetricsScrapeConfig.class);
    assertThat(scrape).isEqualTo(MetricsScrapeConfig.defaults());
  }

  @Test
  void rejectsNonsenseWithTheKeyInTheMessage() {
    assertThatThrownBy(() -> json.readValue("{\"healthyThreshold\":0}", HealthCheckConfig.class))
        .isInstanceOf(ValueInstantiationException.class)
        .hasMessageContaining("healthChecks.healthyThreshold");
    assertThatThrownBy(() -> new HealthCheckConfig("health", null, null, null, null))
        .hasMessageContaining("healthChecks.path");
    assertThatThrownBy(() -> new HealthCheckConfig(null, Duration.ZERO, null, null, null))
        .hasMessageContaining("healthChecks.interval");
    assertThatThrownBy(() -> new MetricsScrapeConfig(null, null, Duration.ofMillis(-1), null))
        .hasMessageContaining("metricsScrape.timeout");
    assertThatThrownBy(
            () -> new MetricsScrapeConfig(null, Duration.ofSeconds(5), null, Duration.ofSeconds(2)))
        .hasMessageContaining("metricsScrape.staleAfter");
  }
}
