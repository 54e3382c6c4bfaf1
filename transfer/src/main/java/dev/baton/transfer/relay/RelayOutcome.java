package dev.baton.transfer.relay;

/** How a relayed response ended. */
public enum RelayOutcome {
  /** The worker's answer reached the client whole. */
  COMPLETED,
  /** The worker failed or went idle after the answer started; the client got an error event. */
  UPSTREAM_FAILED,
  /** The client left; the worker call was aborted. */
  CLIENT_GONE
}
