package dev.baton.transfer.handoff;

import java.util.Locale;

/** How a prefill leg ended: the {@code outcome} tag of the prefill-leg timer. */
public enum PrefillResult {
  /** The prefill answered with a KV handle that went to decode. */
  HANDED_OFF,
  /** The prefill answered without a usable handle; decode ran alone. */
  NO_HANDLE,
  /** No prefill worker succeeded (connect, timeout, 5xx), after retries. */
  FAILED,
  /** The prefill refused the request as the client's fault (400-451). */
  CLIENT_ERROR,
  /** The client left during the leg. */
  CANCELLED;

  private final String tag = name().toLowerCase(Locale.ROOT);

  /** The tag and access-log value. */
  public String tag() {
    return tag;
  }
}
