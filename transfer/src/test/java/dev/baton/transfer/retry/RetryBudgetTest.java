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
  void budgetedRuleRetriesOnlyRetryableFailuresAndFiveHundreds() {
    RetrySettings settings = new RetrySettings(2, Duration.ofMillis(10), Duration.ofMillis(40), 1.0,
        10, Duration.ofMinutes(1));
    BudgetedRetry rule = new RetryBudgets().rule(settings);
    RetryCause timeout = new RetryCause.Failure(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "slow"), true);
    RetryCause bad = new RetryCause.Failure(new UpstreamFailure(UpstreamFailure.Kind.BAD_ANSWER, "bad"), true);
    assertThat(rule.decide(0, timeout)).isInstanceOf(RetryDecision.Retry.class);
    assertThat(rule.decide(1, new RetryCause.ErrorStatus(503))).isInstanceOf(RetryDecision.Retry.class);
    assertThat(rule.decide(2, new RetryCause.ErrorStatus(503))).as("maxRetries").isEqualTo(RetryDecision.GIVE_UP);
    assertThat(rule.decide(0, new RetryCause.ErrorStatus(429))).isEqualTo(RetryDecision.GIVE_UP);
    assertThat(rule.decide(0, bad)).isEqualTo(RetryDecision.GIVE_UP);
    assertThat(rule.decide(5, timeout)).isEqualTo(RetryDecision.GIVE_UP);
    Duration second = ((RetryDecision.Retry) rule.decide(1, timeout)).delay();
    assertThat(second).isBetween(Duration.ofMillis(10), Duration.ofMillis(20));
  }

  @Test
  void callsThatNeverReachedAWorkerFailOverWithoutSpendingTheBudget() {
    RetrySettings none = new RetrySettings(0, Duration.ZERO, Duration.ZERO, 0, 0, Duration.ofMinutes(1));
    BudgetedRetry rule = new RetryBudgets().rule(none);
    RetryCause refused = new RetryCause.Failure(
        new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, "refused"), false);
    assertThat(rule.decide(0, refused)).isEqualTo(RetryDecision.FAIL_OVER);
    assertThat(rule.decide(9, new RetryCause.BreakerOpen("w1"))).isEqualTo(RetryDecision.FAIL_OVER);
    assertThat(rule.decide(0, new RetryCause.ErrorStatus(500))).isEqualTo(RetryDecision.GIVE_UP);
    assertThat(RetryRule.FAIL_OVER_ONLY.decide(0, new RetryCause.ErrorStatus(500)))
        .isEqualTo(RetryDecision.GIVE_UP);
  }

  @Test
  void poolsThatShareSettingsShareABudget() {
    RetrySettings settings = new RetrySettings(2, Duration.ZERO, Duration.ZERO, 0, 1, Duration.ofMinutes(1));
    RetryBudgets budgets = new RetryBudgets();
    assertThat(budgets.budget(settings)).isSameAs(budgets.budget(settings));
    RetryCause timeout = new RetryCause.Failure(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "slow"), true);
    assertThat(budgets.rule(settings).decide(0, timeout)).isInstanceOf(RetryDecision.Retry.class);
    assertThat(budgets.rule(settings).decide(0, timeout)).as("floor of one spent").isEqualTo(RetryDecision.GIVE_UP);
  }

  @Test
  void equalSettingsShareABudgetWhateverWasAskedInBetween() {
    RetrySettings a = new RetrySettings(2, Duration.ZERO, Duration.ZERO, 0, 1, Duration.ofMinutes(1));
    RetrySettings sameAsA = new RetrySettings(2, Duration.ZERO, Duration.ZERO, 0, 1, Duration.ofMinutes(1));
    RetrySettings b = new RetrySettings(3, Duration.ZERO, Duration.ZERO, 0, 1, Duration.ofMinutes(1));
    RetryBudgets budgets = new RetryBudgets();
    RetryBudget first = budgets.budget(a);
    assertThat(budgets.budget(b)).isNotSameAs(first);
    assertThat(budgets.budget(sameAsA)).isSameAs(first);
    assertThat(budgets.budget(a)).isSameAs(first);
    assertThat(budgets.budget(b)).isSameAs(budgets.budget(b)).isNotSameAs(first);
  }
}
