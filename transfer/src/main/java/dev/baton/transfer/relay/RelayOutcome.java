package dev.baton.transfer.relay;

/** How a relayed response ended. */
public enum RelayOutcome {
  /** The worker's answer reached the client whole. */
  COMPLETED,
  /** The worker failed or went idle after the answer started; the client got an error event. */
  UPSTREAM_FAILED,
  /** Baton stopped the stream itself (shutdown ran out of time); the client got an error event. */
  INTERRUPTED,
  /** The client left; the worker call was aborted. */
  CLIENT_GONE
}
