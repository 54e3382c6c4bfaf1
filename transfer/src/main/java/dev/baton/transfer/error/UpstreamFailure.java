package dev.baton.transfer.error;

/**
 * Why a call to a worker failed before it produced a usable answer. The kind decides both the
 * client's status and whether another worker may be tried.
 */
public final class UpstreamFailure extends RuntimeException {
  private static final System.Logger LOG = System.getLogger(UpstreamFailure.class.getName());

  /** The failure classes Baton distinguishes. */
  public enum Kind {
    /** Could not connect, or the connection broke before the answer started: 502, retryable. */
    UNREACHABLE,
    /** No answer within the connect or first-byte timeout, or a stream went idle: 504, retryable. */
    TIMEOUT,
    /** Baton aborted the call because its client left: nobody to answer. */
    CANCELLED,
    /** The answer arrived but was unusable (too large, malformed): 502. */
    BAD_ANSWER
  }

  private final Kind kind;

  public UpstreamFailure(Kind kind, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
  }

  public UpstreamFailure(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** True when the same request may be sent to another worker. */
  public boolean retryable() {
    return kind == Kind.UNREACHABLE || kind == Kind.TIMEOUT;
  }

  /** The client's error without the detail; prefer {@link #toError(String)}, which logs it. */
  public OpenAiError toError() {
    return switch (kind) {
      case TIMEOUT -> OpenAiError.gatewayTimeout("The worker did not answer in time");
      case CANCELLED -> new OpenAiError(499, "The client left", "cancelled", null, null);
      case BAD_ANSWER -> OpenAiError.badGateway("The worker sent an unusable answer");
      case UNREACHABLE -> OpenAiError.badGateway("The worker is unavailable");
    };
  }

  /**
   * The client's error, in OpenAI's words only: the detail (worker address, exception, timeout
   * value) is for the operator, so it goes to the log with the request id, never to the client.
   */
  public OpenAiError toError(String requestId) {
    if (kind != Kind.CANCELLED) {
      LOG.log(System.Logger.Level.WARNING, "request {0}: {1} ({2})", requestId, getMessage(), kind);
    }
    return toError();
  }

  /** Any throwable as an upstream failure: unknown errors count as an unreachable worker. */
  public static UpstreamFailure of(Throwable t) {
    return t instanceof UpstreamFailure f
        ? f
        : new UpstreamFailure(Kind.UNREACHABLE, "worker unreachable: " + t.getMessage(), t);
  }
}
