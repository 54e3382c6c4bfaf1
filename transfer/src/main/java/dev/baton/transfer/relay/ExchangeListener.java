package dev.baton.transfer.relay;

import dev.baton.transfer.handoff.PrefillResult;
import io.vertx.core.buffer.Buffer;

/**
 * Hears what happens inside one exchange, for metrics and access logs kept outside this module.
 * Carried by {@link Downstream}; every method is called on the request's event loop and must return
 * quickly (it runs inside the relay's write path). The defaults ignore everything.
 */
public interface ExchangeListener {

  /** A listener that ignores everything. */
  ExchangeListener NONE = new ExchangeListener() {};

  /** A chunk of the worker's answer is about to be written to the client, as received. */
  default void onChunk(Buffer chunk) {}

  /**
   * The prefill leg of a split request ended, retries included.
   *
   * @param nanos how long the leg took
   * @param outcome how it ended
   */
  default void onPrefillEnd(long nanos, PrefillResult outcome) {}

  /** The decode leg of a split request is about to be sent (after a handoff or a fallback). */
  default void onDecodeStart() {}
}
