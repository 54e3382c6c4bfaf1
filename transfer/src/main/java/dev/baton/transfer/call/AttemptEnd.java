package dev.baton.transfer.call;

import dev.baton.transfer.error.UpstreamFailure;

/** How one attempt on one worker, or a whole call, ended. */
public sealed interface AttemptEnd<T> {

  /**
   * The worker answered and the leg's reader consumed the answer.
   *
   * @param verdict what the answer says about the worker, for its breaker
   */
  record Answered<T>(T value, Verdict verdict) implements AttemptEnd<T> {}

  /**
   * No usable answer: unreachable, timed out, broken, too large, or a 5xx dropped for a retry.
   *
   * @param sent the worker may have received the request
   */
  record Failed<T>(UpstreamFailure failure, boolean sent) implements AttemptEnd<T> {}

  /** The endpoint's breaker refused the call; it was never sent. */
  record Refused<T>(String endpointId) implements AttemptEnd<T> {}

  /** The client left; the call was aborted. */
  record Cancelled<T>() implements AttemptEnd<T> {}

  /** What an answer says about the worker that gave it. */
  enum Verdict {
    /** A usable answer (status below 500) that ended cleanly. */
    HEALTHY,
    /** A 5xx, or a stream that broke or went silent. */
    FAILING,
    /** Nothing: the client left before the answer ended. */
    UNKNOWN
  }

  /** A failure as an end: a cancellation is the client's doing, not a failed call. */
  static <T> AttemptEnd<T> failed(UpstreamFailure failure, boolean sent) {
    return failure.kind() == UpstreamFailure.Kind.CANCELLED ? new Cancelled<>() : new Failed<>(failure, sent);
  }
}
