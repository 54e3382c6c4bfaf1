package dev.baton.transfer.call;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.transfer.retry.RetryCause;
import dev.baton.transfer.upstream.UpstreamCall;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One attempt of a call on one endpoint: what every decorator of the stack sees. The
 * {@link UpstreamCall} exists before the request is sent, so decorators can arrange to abort it,
 * and a decorator that must hear how the attempt ended (the breaker, the lease) says so with
 * {@link #onEnd}: a plain callback on this object, not a listener and a future of its own on the
 * attempt's future. Used on the request's event loop only.
 */
public final class Attempt {
  private final CallRequest request;
  private final EndpointState endpoint;
  private final UpstreamCall call = UpstreamCall.pending();
  private final Predicate<RetryCause> retryWanted;
  /** The decorators' end callbacks, innermost first (chained with {@code andThen}), or null. */
  private Consumer<AttemptEnd<?>> onEnd;

  Attempt(CallRequest request, EndpointState endpoint, Predicate<RetryCause> retryWanted) {
    this.request = request;
    this.endpoint = endpoint;
    this.retryWanted = retryWanted;
  }

  public CallRequest request() {
    return request;
  }

  public EndpointState endpoint() {
    return endpoint;
  }

  public WorkerPolicy policy() {
    return request.policy();
  }

  public UpstreamCall call() {
    return call;
  }

  /**
   * Asks the retry layer, before an answer's body is read, whether it would send the call elsewhere
   * for {@code cause} (a 5xx); true commits it to that retry, so the answer can be dropped unread.
   */
  public boolean retryWanted(RetryCause cause) {
    return retryWanted.test(cause);
  }

  /** Runs {@code action} when the client leaves; never for a detached call. */
  public void onClientGone(Runnable action) {
    if (request.down() != null) {
      request.down().onGone(action);
    }
  }

  /**
   * Runs {@code action} with the attempt's end, once, when the stack's future completes (a failed
   * future as {@link AttemptEnd.Failed}). A decorator registers it after its {@code next} returned,
   * so callbacks run innermost first, as listeners on the future did.
   */
  public void onEnd(Consumer<AttemptEnd<?>> action) {
    onEnd = onEnd == null ? action : onEnd.andThen(action);
  }

  /** Called once by whoever runs the stack ({@link RetryingCall}) when the attempt ended. */
  void ended(AttemptEnd<?> end) {
    if (onEnd != null) {
      onEnd.accept(end);
    }
  }
}
