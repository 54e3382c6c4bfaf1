package dev.baton.router.endpoint;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's share of an endpoint's in-flight counts. Release is idempotent: every exit path
 * (success, error, client abort, timeout) may call it and the counts still drop exactly once.
 */
public final class InFlightLease implements AutoCloseable {
  private final EndpointState state;
  private final long tokens;
  private final AtomicBoolean released = new AtomicBoolean();

  InFlightLease(EndpointState state, long tokens) {
    this.state = state;
    this.tokens = tokens;
  }

  public EndpointState endpoint() {
    return state;
  }

  /** Returns true the first time only. */
  public boolean release() {
    if (released.compareAndSet(false, true)) {
      state.release(tokens);
      return true;
    }
    return false;
  }

  @Override
  public void close() {
    release();
  }
}
