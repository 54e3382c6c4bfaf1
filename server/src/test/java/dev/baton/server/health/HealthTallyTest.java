package dev.baton.server.health;

import static dev.baton.router.endpoint.Health.HEALTHY;
import static dev.baton.router.endpoint.Health.UNHEALTHY;
import static dev.baton.router.endpoint.Health.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Health;
import org.junit.jupiter.api.Test;

class HealthTallyTest {
  private static final HealthCheckConfig TWO_UP_THREE_DOWN =
      new HealthCheckConfig(null, null, null, 2, 3);
  private final HealthTally tally = new HealthTally();

  @Test
  void anUnknownEndpointIsHealthyAfterItsFirstSuccess() {
    assertThat(tally.record(true, UNKNOWN, TWO_UP_THREE_DOWN)).isEqualTo(HEALTHY);
  }

  @Test
  void flipsToUnhealthyOnTheThirdConsecutiveFailureOnly() {
    Health health = HEALTHY;
    health = tally.record(false, health, TWO_UP_THREE_DOWN);
    health = tally.record(false, health, TWO_UP_THREE_DOWN);
    assertThat(health).isEqualTo(HEALTHY);
    assertThat(tally.record(false, health, TWO_UP_THREE_DOWN)).isEqualTo(UNHEALTHY);
  }

  @Test
  void aSuccessInBetweenRestartsTheFailureCount() {
    Health health = HEALTHY;
    for (boolean ok : new boolean[] {false, false, true, false, false}) {
      health = tally.record(ok, health, TWO_UP_THREE_DOWN);
    }
    assertThat(health).isEqualTo(HEALTHY);
    assertThat(tally.consecutiveFailures()).isEqualTo(2);
  }

  @Test
  void anUnknownEndpointAlsoNeedsTheFullFailureCount() {
    assertThat(tally.record(false, UNKNOWN, TWO_UP_THREE_DOWN)).isEqualTo(UNKNOWN);
    assertThat(tally.record(false, UNKNOWN, TWO_UP_THREE_DOWN)).isEqualTo(UNKNOWN);
    assertThat(tally.record(false, UNKNOWN, TWO_UP_THREE_DOWN)).isEqualTo(UNHEALTHY);
  }

  @Test
  void comesBackAfterTheSecondConsecutiveSuccess() {
    assertThat(tally.record(true, UNHEALTHY, TWO_UP_THREE_DOWN)).isEqualTo(UNHEALTHY);
    assertThat(tally.record(false, UNHEALTHY, TWO_UP_THREE_DOWN)).isEqualTo(UNHEALTHY);
    assertThat(tally.record(true, UNHEALTHY, TWO_UP_THREE_DOWN)).isEqualTo(UNHEALTHY);
    assertThat(tally.record(true, UNHEALTHY, TWO_UP_THREE_DOWN)).isEqualTo(HEALTHY);
    assertThat(tally.consecutiveSuccesses()).isEqualTo(2);
  }
}
