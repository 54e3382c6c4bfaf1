package dev.baton.server.metrics;

import dev.baton.router.LowerCaseTag;
import dev.baton.transfer.relay.RelayOutcome;

/** How a request ended, from the client's point of view: the {@code outcome} tag. */
public enum RequestOutcome implements LowerCaseTag {
  /** The answer reached the client (any status the worker chose, usually 200). */
  SUCCESS,
  /**
   * The request was refused as the client's fault (4xx): by Baton (malformed, unknown model, too
   * large) or by the worker (e.g. a prompt over the context limit).
   */
  REJECTED,
  /** No worker could take it (503 no healthy worker, or admission refused). */
  NO_WORKER,
  /** A worker failed, timed out or broke off mid-stream. */
  UPSTREAM_ERROR,
  /** The client left before the answer ended. */
  CLIENT_GONE,
  /** Baton stopped the stream itself: shutdown ran out of time before the stream ended. */
  INTERRUPTED;

  /** Maps a relay's end to an outcome, so the request path can pass the relay's result straight on. */
  public static RequestOutcome of(RelayOutcome relay) {
    return switch (relay) {
      case COMPLETED -> SUCCESS;
      case UPSTREAM_FAILED -> UPSTREAM_ERROR;
      case CLIENT_GONE -> CLIENT_GONE;
      case INTERRUPTED -> INTERRUPTED;
    };
  }

  /**
   * Like {@link #of(RelayOutcome)}, but a worker's error relayed whole is not a success: a 4xx is
   * {@link #REJECTED}, a 5xx {@link #UPSTREAM_ERROR}, and Baton's own 503 {@link #NO_WORKER}
   * cannot come from a relay.
   *
   * @param status the HTTP status the client got
   */
  public static RequestOutcome of(RelayOutcome relay, int status) {
    if (relay != RelayOutcome.COMPLETED) {
      return of(relay);
    }
    return status >= 500 ? UPSTREAM_ERROR : status >= 400 ? REJECTED : SUCCESS;
  }
}
