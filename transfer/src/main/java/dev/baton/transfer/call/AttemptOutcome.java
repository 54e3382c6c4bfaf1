package dev.baton.transfer.call;

import dev.baton.router.LowerCaseTag;
import dev.baton.transfer.error.UpstreamFailure;

/** How one attempt on one endpoint ended, as the access log's {@code attempts} list names it. */
public enum AttemptOutcome implements LowerCaseTag {
  /** The worker answered (any status, which the report carries) and the answer ended cleanly. */
  ANSWERED,
  /** The answer started but broke off or went silent. */
  BROKEN,
  /** No connection, or it broke before the answer started. */
  UNREACHABLE,
  /** No answer within the connect or first-byte timeout. */
  TIMEOUT,
  /** An unusable answer: too large, malformed, or a 5xx dropped so another worker could try. */
  BAD_ANSWER,
  /** The endpoint's breaker refused the call; it was never sent. */
  CIRCUIT_OPEN,
  /** The client left, or the partner leg's failure cancelled this one. */
  CANCELLED;

  /**
   * The outcome of an attempt that ended {@code end}; {@code status} is the worker's, or 0 when no
   * answer's head arrived.
   */
  static AttemptOutcome of(AttemptEnd<?> end, int status) {
    return switch (end) {
      case AttemptEnd.Answered<?> a -> switch (a.verdict()) {
        case HEALTHY -> ANSWERED;
        // A 5xx passed on whole is an answer; a failing answer below 500 broke off midway.
        case FAILING -> status >= 500 ? ANSWERED : BROKEN;
        case UNKNOWN -> CANCELLED;
      };
      case AttemptEnd.Failed<?> f -> of(f.failure().kind());
      case AttemptEnd.Refused<?> r -> CIRCUIT_OPEN;
      case AttemptEnd.Cancelled<?> c -> CANCELLED;
    };
  }

  private static AttemptOutcome of(UpstreamFailure.Kind kind) {
    return switch (kind) {
      case UNREACHABLE -> UNREACHABLE;
      case TIMEOUT -> TIMEOUT;
      case BAD_ANSWER -> BAD_ANSWER;
      case CANCELLED -> CANCELLED;
    };
  }
}
