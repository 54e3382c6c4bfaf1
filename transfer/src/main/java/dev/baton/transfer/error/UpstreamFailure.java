package dev.baton.transfer.error;

/**
 * Why a call to a worker failed before it produced a usable answer. The kind decides both the
 * client's status and whether another worker may be tried.
 */
public final class UpstreamFailure extends RuntimeException {

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

  public OpenAiError toError() {
    return switch (kind) {
      case TIMEOUT -> OpenAiError.gatewayTimeout(getMessage());
      case CANCELLED -> new OpenAiError(499, getMessage(), "cancelled", null, null);
      default -> OpenAiError.badGateway(getMessage());
    };
  }

  /** Any throwable as an upstream failure: unknown errors count as an unreachable worker. */
  public static UpstreamFailure of(Throwable t) {
    return t instanceof UpstreamFailure f
        ? f
        : new UpstreamFailure(Kind.UNREACHABLE, "worker unreachable: " + t.getMessage(), t);
  }
}
