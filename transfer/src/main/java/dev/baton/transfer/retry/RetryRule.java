package dev.baton.transfer.retry;

import dev.baton.transfer.retry.RetryCause.ErrorStatus;

/**
 * Whether a failed attempt goes to another endpoint, given how many retries the call already made
 * and why the attempt failed. Only the decision lives here; the mechanism (which endpoint, the
 * timer, never once the client has a byte) is the call stack's.
 */
@FunctionalInterface
public interface RetryRule {

  RetryDecision decide(int retriesDone, RetryCause cause);

  /** A call starts; rules with a budget count it. */
  default void started() {}

  /** Fails over calls that never reached a worker, and retries nothing else. */
  RetryRule FAIL_OVER_ONLY =
      (retriesDone, cause) -> cause.neverReachedAWorker() ? RetryDecision.FAIL_OVER : RetryDecision.GIVE_UP;

  /**
   * Up to {@code retries} further attempts at once after any failure or 5xx, with no budget: the
   * prefill leg's rule, where a failed prefill only costs a decode that prefills itself.
   */
  static RetryRule anyFailure(int retries) {
    return (retriesDone, cause) ->
        retriesDone < retries ? new RetryDecision.Retry(java.time.Duration.ZERO) : RetryDecision.GIVE_UP;
  }

  /** True for the failures {@link BudgetedRetry} may retry: timeouts, broken connections, 5xx. */
  static boolean retryable(RetryCause cause) {
    return switch (cause) {
      case RetryCause.BreakerOpen b -> true;
      case RetryCause.Failure f -> f.failure().retryable();
      case ErrorStatus s -> s.status() >= 500 && s.status() <= 599;
    };
  }
}
