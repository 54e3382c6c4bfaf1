package dev.baton.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import org.junit.jupiter.api.Test;

/**
 * The hardware classes in {@code GET /admin/stats} and {@code /metrics} after real traffic through
 * Baton: simulated workers without a {@code hardware} label (so all of class {@code default}), half
 * the requests split into prefill and decode on the NIXL pool, half served whole.
 */
class HardwareStatsTest {

  private static JsonNode defaultClass(TrafficHarness harness) {
    JsonNode hardware = Http.json(Http.get(harness.adminUrl() + "/admin/stats").body())
        .get("hardware");
    assertThat(hardware).as("hardware classes").hasSize(1);
    assertThat(hardware.get(0).get("name").asText()).isEqualTo("default");
    return hardware.get(0);
  }

  @Test
  void eachClassShowsItsLoadLatencyAndCostPerTokenServed() {
    try (TrafficHarness harness = new TrafficHarness(null)) {
      harness.awaitLiveState();
      JsonNode idle = defaultClass(harness);
      assertThat(idle.at("/load/endpoints").asInt()).isEqualTo(4);
      assertThat(idle.at("/costPerHour").asDouble()).isEqualTo(1.0);

      harness.stream(8, 12);

      // Each record ends (and its TPOT is learned) just after the client read its last event.
      Await.until("eight TPOT samples", () -> defaultClass(harness).at("/tpot/samples").asLong() == 8);
      JsonNode c = defaultClass(harness);
      // Four whole requests and four prefill legs taught the TTFT; four whole requests and the four
      // split requests' decode legs the TPOT.
      assertThat(c.at("/ttft/samples").asLong()).isEqualTo(8);
      assertThat(c.at("/ttft/predictedMs").asDouble()).isPositive();
      assertThat(c.at("/ttft/observedMs").asDouble()).isPositive();
      assertThat(c.at("/ttft/errorP50").isNumber()).isTrue();
      assertThat(c.at("/tpot/observedMs").asDouble()).isPositive();
      assertThat(c.at("/tpot/errorP90").isNumber()).isTrue();
      // Whole requests and both legs of split ones count: 4 + 4 + 4 legs, 12 tokens generated each.
      assertThat(c.at("/served/requests").asLong()).isEqualTo(12);
      assertThat(c.at("/served/outputTokens").asLong()).isEqualTo(8 * 12);
      assertThat(c.at("/served/promptTokens").asLong()).isPositive();
      double perMillion = c.at("/served/costPerMillionTokens").asDouble();
      assertThat(perMillion).isPositive();
      assertThat(c.at("/served/cost").asDouble() / (c.at("/served/promptTokens").asLong()
          + c.at("/served/outputTokens").asLong()) * 1e6).isCloseTo(perMillion,
          org.assertj.core.api.Assertions.within(0.01 * perMillion));
      assertThat(c.at("/served/costPerMillionOutputTokens").asDouble()).isGreaterThan(perMillion);
      assertThat(c.at("/load/inFlight").asInt()).isZero();

      String metrics = Http.get(harness.adminUrl() + "/metrics").body();
      assertThat(metrics)
          .contains("baton_hardware_tokens_total{class=\"default\",kind=\"output\"} 96.0")
          .contains("baton_hardware_cost_total{class=\"default\"}")
          .contains("baton_latency_prediction_error{class=\"default\",measure=\"tpot\",percentile=\"p90\"}")
          .contains("baton_latency_samples{class=\"default\",measure=\"tpot\"} 8.0");
    }
  }
}
