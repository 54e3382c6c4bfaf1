package dev.baton.transfer.relay;

import dev.baton.transfer.call.AttemptReport;
import dev.baton.transfer.handoff.PrefillResult;
import io.vertx.core.buffer.Buffer;

/**
 * Hears what happens inside one exchange, for metrics, usage and access logs kept outside this
 * module, and may edit what of the worker's answer reaches the client. Carried by
 * {@link Downstream}; every method is called on the request's event loop and must return quickly
 * (it runs inside the relay's write path). The defaults ignore everything and pass chunks on.
 */
public interface ExchangeListener {

  /** A listener that ignores everything. */
  ExchangeListener NONE = new ExchangeListener() {};

  /**
   * A worker's successful answer (status below 400) starts being relayed to the client.
   *
   * @param eventStream the answer is {@code text/event-stream}
   */
  default void onAnswerStart(int status, boolean eventStream) {}

  /**
   * A chunk of the relayed answer arrived; returns what to write to the client for it. The default
   * writes the chunk as received. A listener may hold back the bytes of an event not complete yet
   * (bounded: one event) and drop events the client did not ask for; what it still holds when the
   * answer ends it returns from {@link #onAnswerEnd()}.
   */
  default Buffer onChunk(Buffer chunk) {
    return chunk;
  }

  /** The relayed answer ended cleanly; returns the bytes still held back for the client, or null. */
  default Buffer onAnswerEnd() {
    return null;
  }

  /**
   * An answer Baton read whole (a non-streaming decode merged with the prefill's prompt parts) is
   * passed on to the client with {@code status}.
   */
  default void onWholeAnswer(int status, Buffer body) {}

  /** One attempt of a leg on one endpoint ended; the last decode attempt served the client. */
  default void onAttempt(AttemptReport attempt) {}

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
