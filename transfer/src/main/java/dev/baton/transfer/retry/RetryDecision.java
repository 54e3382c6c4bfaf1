package dev.baton.transfer.retry;

import java.time.Duration;

/** What a {@link RetryRule} decided about a failed attempt. */
public sealed interface RetryDecision {

  /** The call ends with this attempt's failure. */
  RetryDecision GIVE_UP = new GiveUp();
  /** Send it to another endpoint at once; it never reached a worker, so it costs no retry. */
  RetryDecision FAIL_OVER = new FailOver();

  record GiveUp() implements RetryDecision {}

  record FailOver() implements RetryDecision {}

  /** Send it to another endpoint after {@code delay}; counts as one retry. */
  record Retry(Duration delay) implements RetryDecision {}
}
