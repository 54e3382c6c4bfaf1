package dev.baton.transfer.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import dev.baton.transfer.testing.Await;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointBreakersTest {
  private static final BreakerSettings THREE_IN_A_ROW =
      new BreakerSettings(true, 100f, 50, 50, 3, Duration.ofMinutes(1), 1);
  private static final BreakerSettings ONE_FAILURE =
      new BreakerSettings(true, 100f, 50, 50, 1, Duration.ofMinutes(1), 1);

  private final EndpointBreakers breakers = new EndpointBreakers();
  private final EndpointState endpoint = state("w1");

  private static EndpointState state(String id) {
    return new EndpointState(new Endpoint(id, "http", "127.0.0.1", 1, Role.BOTH, Set.of("m"), Map.of()));
  }

  private void fail(EndpointState e, BreakerSettings settings) {
    breakers.tryAcquire(e, settings).orElseThrow().failure(new RuntimeException("x"));
  }

  private void succeed(EndpointState e, BreakerSettings settings) {
    breakers.tryAcquire(e, settings).orElseThrow().success();
  }

  @Test
  void consecutiveFailuresOpenTheBreakerAndMarkTheEndpoint() {
    fail(endpoint, THREE_IN_A_ROW);
    fail(endpoint, THREE_IN_A_ROW);
    assertThat(endpoint.breakerOpen()).isFalse();
    fail(endpoint, THREE_IN_A_ROW);
    assertThat(endpoint.breakerOpen()).isTrue();
    assertThat(endpoint.schedulable()).isFalse();
    assertThat(breakers.tryAcquire(endpoint, THREE_IN_A_ROW)).isEmpty();
  }

  @Test
  void anOpenBreakerTurnsHalfOpenAfterItsWaitAndAFailedProbeOpensItAgain() {
    BreakerSettings shortWait = new BreakerSettings(true, 100f, 50, 50, 1, Duration.ofMillis(50), 1);
    fail(endpoint, shortWait);
    assertThat(endpoint.breakerOpen()).isTrue();
    // Nobody asks for a permit meanwhile (the scheduler skips an open endpoint): the timer must act.
    Await.until("half-open after waitInOpen", () -> !endpoint.breakerOpen());
    assertThat(breakers.state("w1")).isEqualTo(CircuitBreaker.State.HALF_OPEN);

    fail(endpoint, shortWait);
    assertThat(endpoint.breakerOpen()).as("the probe failed").isTrue();
    assertThat(breakers.state("w1")).isEqualTo(CircuitBreaker.State.OPEN);
    Await.until("half-open again", () -> !endpoint.breakerOpen());
    succeed(endpoint, shortWait);
    assertThat(breakers.state("w1")).as("a good probe closes it").isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(endpoint.breakerOpen()).isFalse();
  }

  @Test
  void failureRateOverTheWindowOpensIt() {
    BreakerSettings rate = new BreakerSettings(true, 50f, 4, 4, 0, Duration.ofMinutes(1), 1);
    succeed(endpoint, rate);
    fail(endpoint, rate);
    succeed(endpoint, rate);
    assertThat(breakers.state("w1")).isEqualTo(CircuitBreaker.State.CLOSED);
    fail(endpoint, rate);
    assertThat(breakers.state("w1")).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(endpoint.breakerOpen()).isTrue();
  }

  @Test
  void aPermitTakesOneVerdictOnly() {
    var permit = breakers.tryAcquire(endpoint, THREE_IN_A_ROW).orElseThrow();
    permit.failure(new RuntimeException("x"));
    permit.failure(new RuntimeException("x"));
    permit.failure(new RuntimeException("x"));
    assertThat(breakers.state("w1")).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void anEndpointRebuiltByAReloadIsMarkedByItsBreaker() {
    fail(endpoint, ONE_FAILURE);
    EndpointState rebuilt = new EndpointState(endpoint.endpoint());
    assertThat(breakers.tryAcquire(rebuilt, ONE_FAILURE)).isEmpty();
    assertThat(rebuilt.breakerOpen()).isTrue();
  }

  @Test
  void newSettingsRebuildTheBreakerClosed() {
    fail(endpoint, ONE_FAILURE);
    assertThat(endpoint.breakerOpen()).isTrue();
    assertThat(breakers.tryAcquire(endpoint, THREE_IN_A_ROW)).isPresent();
    assertThat(endpoint.breakerOpen()).isFalse();
    fail(endpoint, THREE_IN_A_ROW);
    assertThat(breakers.state("w1")).as("judged by the new rule").isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void breakersOfEndpointsThatLeftAreDropped() {
    EndpointState other = state("w2");
    EndpointState third = state("w3");
    fail(endpoint, ONE_FAILURE);
    fail(other, ONE_FAILURE);
    fail(third, ONE_FAILURE);
    assertThat(breakers.size()).isEqualTo(3);
    breakers.retainOnly(Set.of("w1", "w3"));
    assertThat(breakers.size()).isEqualTo(2);
    assertThat(breakers.state("w2")).isEqualTo(CircuitBreaker.State.CLOSED);
    breakers.remove("w3");
    assertThat(breakers.size()).isEqualTo(1);
    assertThat(breakers.state("w1")).isEqualTo(CircuitBreaker.State.OPEN);
    // A dropped breaker no longer marks an endpoint that comes back under the same id.
    assertThat(breakers.tryAcquire(state("w2"), ONE_FAILURE)).isPresent();
  }

  @Test
  void disabledBreakersPermitEverythingAndClearAnEarlierMark() {
    fail(endpoint, ONE_FAILURE);
    assertThat(endpoint.breakerOpen()).isTrue();
    for (int i = 0; i < 100; i++) {
      breakers.tryAcquire(endpoint, BreakerSettings.DISABLED).orElseThrow()
          .failure(new RuntimeException("x"));
    }
    assertThat(breakers.tryAcquire(endpoint, BreakerSettings.DISABLED)).isPresent();
    assertThat(endpoint.breakerOpen()).isFalse();
    assertThat(breakers.size()).isZero();
  }
}
