package dev.baton.transfer.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.transfer.error.UpstreamFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  @Test
  void retriesAreCappedAtTheRatioOfRequestsPlusTheFloor() {
    RetryBudget budget = new RetryBudget(0.2, 2, Duration.ofMinutes(10));
    for (int i = 0; i < 100; i++) {
      budget.recordRequest();
    }
    int granted = 0;
    for (int i = 0; i < 100; i++) {
      if (budget.tryRetry()) {
        granted++;
      }
    }
    assertThat(granted).isEqualTo(22);
    assertThat(budget.retriesInWindow()).isEqualTo(22);
  }

  @Test
  void policyRetriesOnlyRetryableFailuresAndFiveHundreds() {
    RetryPolicy policy = new RetryPolicy(new RetrySettings(2, Duration.ofMillis(10),
        Duration.ofMillis(40), 1.0, 10, Duration.ofMinutes(1)));
    UpstreamFailure timeout = new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "slow");
    UpstreamFailure bad = new UpstreamFailure(UpstreamFailure.Kind.BAD_ANSWER, "bad");
    assertThat(policy.retryAfter(timeout, 0, 0)).isPresent();
    assertThat(policy.retryAfter(null, 503, 1)).isPresent();
    assertThat(policy.retryAfter(null, 503, 2)).as("maxRetries").isEmpty();
    assertThat(policy.retryAfter(null, 429, 0)).isEmpty();
    assertThat(policy.retryAfter(bad, 0, 0)).isEmpty();
    assertThat(policy.retryAfter(timeout, 0, 5)).isEmpty();
    Duration second = policy.retryAfter(timeout, 0, 1).orElseThrow();
    assertThat(second).isBetween(Duration.ofMillis(10), Duration.ofMillis(20));
  }

  @Test
  void noneNeverRetries() {
    assertThat(RetryPolicy.none().retryAfter(null, 500, 0)).isEmpty();
  }
}
