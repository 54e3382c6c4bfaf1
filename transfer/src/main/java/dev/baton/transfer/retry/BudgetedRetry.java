package dev.baton.transfer.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The rule of calls whose answer goes to the client: calls that never reached a worker fail over for
 * free; after a timeout, a broken connection or a 5xx, up to {@code maxRetries} retries with
 * exponential backoff and jitter, each spending one unit of the shared {@link RetryBudget}.
 */
public final class BudgetedRetry implements RetryRule {
  private final RetrySettings settings;
  private final RetryBudget budget;

  public BudgetedRetry(RetrySettings settings, RetryBudget budget) {
    this.settings = settings;
    this.budget = budget;
  }

  @Override
  public void started() {
    budget.recordRequest();
  }

  @Override
  public RetryDecision decide(int retriesDone, RetryCause cause) {
    if (cause.neverReachedAWorker()) {
      return RetryDecision.FAIL_OVER;
    }
    if (!RetryRule.retryable(cause) || retriesDone >= settings.maxRetries() || !budget.tryRetry()) {
      return RetryDecision.GIVE_UP;
    }
    long base = settings.backoff().toNanos() << Math.min(retriesDone, 20);
    long capped = Math.min(base, settings.maxBackoff().toNanos());
    // Full jitter in [capped/2, capped]: retries of many requests failing together spread out.
    long jittered = capped <= 1 ? capped : capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    return new RetryDecision.Retry(Duration.ofNanos(jittered));
  }
}
