package dev.baton.server.metrics;

import dev.baton.transfer.relay.RelayOutcome;
import java.util.Locale;

/** How a request ended, from the client's point of view: the {@code outcome} tag. */
public enum RequestOutcome {
  /** The answer reached the client (any status the worker chose, usually 200). */
  SUCCESS,
  /** Baton refused the request: malformed, unknown model, too large (4xx from Baton). */
  REJECTED,
  /** No worker could take it (503 no healthy worker, or admission refused). */
  NO_WORKER,
  /** A worker failed, timed out or broke off mid-stream. */
  UPSTREAM_ERROR,
  /** The client left before the answer ended. */
  CLIENT_GONE;

  private final String tag = name().toLowerCase(Locale.ROOT);

  /** The tag and access-log value. */
  public String tag() {
    return tag;
  }

  /** Maps a relay's end to an outcome, so the request path can pass the relay's result straight on. */
  public static RequestOutcome of(RelayOutcome relay) {
    return switch (relay) {
      case COMPLETED -> SUCCESS;
      case UPSTREAM_FAILED -> UPSTREAM_ERROR;
      case CLIENT_GONE -> CLIENT_GONE;
    };
  }
}
