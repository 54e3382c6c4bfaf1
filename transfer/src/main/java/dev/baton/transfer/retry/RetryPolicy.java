package dev.baton.transfer.retry;

import dev.baton.transfer.error.UpstreamFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides whether a failed attempt is sent again elsewhere, and after what delay. It is consulted
 * only while the client has received nothing; the mechanism (which endpoint, the timer) lives in
 * {@code SingleLegExchange}.
 */
public final class RetryPolicy {
  private final RetrySettings settings;
  private final RetryBudget budget;

  public RetryPolicy(RetrySettings settings) {
    this.settings = settings;
    this.budget =
        new RetryBudget(settings.budgetRatio(), settings.minRetriesPerWindow(), settings.budgetWindow());
  }

  /** Never retries anything that reached a worker; connect failures still fail over. */
  public static RetryPolicy none() {
    return new RetryPolicy(new RetrySettings(0, Duration.ZERO, Duration.ZERO, 0, 0,
        Duration.ofSeconds(1)));
  }

  public RetrySettings settings() {
    return settings;
  }

  public RetryBudget budget() {
    return budget;
  }

  /** Counts a request's first attempt towards the budget. */
  public void started() {
    budget.recordRequest();
  }

  /**
   * The delay before retrying an attempt that reached a worker and failed with {@code failure}
   * (status 0) or answered {@code status} 5xx; empty when it must not be retried.
   *
   * @param retriesDone budgeted retries this request already made
   */
  public Optional<Duration> retryAfter(UpstreamFailure failure, int status, int retriesDone) {
    boolean retryable =
        failure != null ? failure.retryable() : status >= 500 && status <= 599;
    if (!retryable || retriesDone >= settings.maxRetries() || !budget.tryRetry()) {
      return Optional.empty();
    }
    long base = settings.backoff().toNanos() << Math.min(retriesDone, 20);
    long capped = Math.min(base, settings.maxBackoff().toNanos());
    // Full jitter in [capped/2, capped]: retries of many requests failing together spread out.
    long jittered = capped <= 1 ? capped : capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    return Optional.of(Duration.ofNanos(jittered));
  }
}
