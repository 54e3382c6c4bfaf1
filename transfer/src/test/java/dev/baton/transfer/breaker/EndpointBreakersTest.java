package dev.baton.transfer.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointBreakersTest {
  private final EndpointState endpoint = new EndpointState(
      new Endpoint("w1", "http", "127.0.0.1", 1, Role.BOTH, Set.of("m"), Map.of()));

  @Test
  void consecutiveFailuresOpenTheBreakerAndMarkTheEndpoint() {
    EndpointBreakers breakers = new EndpointBreakers(
        new BreakerSettings(true, 100f, 50, 50, 3, Duration.ofMinutes(1), 1));
    long t = System.nanoTime();
    breakers.onFailure(endpoint, t, new RuntimeException("x"));
    breakers.onFailure(endpoint, t, new RuntimeException("x"));
    assertThat(endpoint.breakerOpen()).isFalse();
    breakers.onFailure(endpoint, t, new RuntimeException("x"));
    assertThat(endpoint.breakerOpen()).isTrue();
    assertThat(endpoint.schedulable()).isFalse();
    assertThat(breakers.tryAcquire(endpoint)).isFalse();
  }

  @Test
  void failureRateOverTheWindowOpensIt() {
    EndpointBreakers breakers = new EndpointBreakers(
        new BreakerSettings(true, 50f, 4, 4, 0, Duration.ofMinutes(1), 1));
    long t = System.nanoTime();
    breakers.onSuccess(endpoint, t);
    breakers.onFailure(endpoint, t, new RuntimeException("x"));
    breakers.onSuccess(endpoint, t);
    assertThat(breakers.state("w1")).isEqualTo(CircuitBreaker.State.CLOSED);
    breakers.onFailure(endpoint, t, new RuntimeException("x"));
    assertThat(breakers.state("w1")).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void anEndpointRebuiltByAReloadIsMarkedByItsBreaker() {
    EndpointBreakers breakers = new EndpointBreakers(
        new BreakerSettings(true, 100f, 50, 50, 1, Duration.ofMinutes(1), 1));
    breakers.onFailure(endpoint, System.nanoTime(), new RuntimeException("x"));
    EndpointState rebuilt = new EndpointState(endpoint.endpoint());
    assertThat(breakers.tryAcquire(rebuilt)).isFalse();
    assertThat(rebuilt.breakerOpen()).isTrue();
  }

  @Test
  void disabledBreakersPermitEverything() {
    EndpointBreakers breakers = EndpointBreakers.disabled();
    for (int i = 0; i < 100; i++) {
      breakers.onFailure(endpoint, System.nanoTime(), new RuntimeException("x"));
    }
    assertThat(breakers.tryAcquire(endpoint)).isTrue();
    assertThat(endpoint.breakerOpen()).isFalse();
  }
}
