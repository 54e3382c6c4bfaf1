package dev.baton.transfer.handoff;

/** What a split request does when no prefill worker produced a KV handle. */
public enum PrefillFailurePolicy {
  /** Serve the request on the decode worker alone, which then prefills locally. */
  DECODE,
  /** Return the prefill's error to the client. */
  FAIL
}
