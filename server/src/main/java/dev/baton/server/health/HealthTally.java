package dev.baton.server.health;

import dev.baton.router.endpoint.Health;

/**
 * Consecutive probe outcomes of one endpoint and the thresholds rule that turns them into a {@link
 * Health}. Pure logic, confined to the prober's context.
 */
final class HealthTally {
  private int successes;
  private int failures;

  /**
   * Records one probe and returns the health the endpoint should now have, given what it has now
   * (which passive outlier detection may also have changed).
   */
  Health record(boolean success, Health current, HealthCheckConfig config) {
    if (success) {
      failures = 0;
      successes++;
      return switch (current) {
        case UNKNOWN, HEALTHY -> Health.HEALTHY;
        case UNHEALTHY ->
            successes >= config.healthyThreshold() ? Health.HEALTHY : Health.UNHEALTHY;
      };
    }
    successes = 0;
    failures++;
    return failures >= config.unhealthyThreshold() ? Health.UNHEALTHY : current;
  }

  int consecutiveSuccesses() {
    return successes;
  }

  int consecutiveFailures() {
    return failures;
  }
}
