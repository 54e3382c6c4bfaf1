package dev.baton.transfer.call;

import dev.baton.router.LowerCaseTag;

/** Which leg of an exchange a worker call is, as the access log and metrics name it. */
public enum Leg implements LowerCaseTag {
  /** The prefill leg of a split request. */
  PREFILL,
  /** The leg whose answer the client gets: the decode leg, or the whole request on one worker. */
  DECODE
}
