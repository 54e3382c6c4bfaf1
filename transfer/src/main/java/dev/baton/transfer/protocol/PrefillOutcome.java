package dev.baton.transfer.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.transfer.call.HttpAnswer;
import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.handoff.KvHandle;
import dev.baton.transfer.handoff.PrefillResult;

/** How the prefill leg of a sequential handoff ended, retries included. */
sealed interface PrefillOutcome {

  /**
   * A usable handle: decode pulls the KV cache. {@code answer} has the prompt parts; null unless
   * the request asked for them (the answer is then only scanned for the handle).
   */
  record HandedOff(ObjectNode answer, KvHandle handle) implements PrefillOutcome {}

  /**
   * A successful answer without a usable handle (null when it was not a JSON object, or when only
   * scanned for the handle).
   */
  record NoHandle(ObjectNode answer) implements PrefillOutcome {}

  /** A 400-451 answer: the client's error, returned as is. */
  record Refused(HttpAnswer answer) implements PrefillOutcome {}

  /** No prefill worker answered usefully. */
  record Failed(UpstreamFailure failure) implements PrefillOutcome {}

  /** The client left during the leg. */
  record Cancelled() implements PrefillOutcome {}

  /** The tag the listener and metrics know it by. */
  default PrefillResult result() {
    return switch (this) {
      case HandedOff h -> PrefillResult.HANDED_OFF;
      case NoHandle n -> PrefillResult.NO_HANDLE;
      case Refused r -> PrefillResult.CLIENT_ERROR;
      case Failed f -> PrefillResult.FAILED;
      case Cancelled c -> PrefillResult.CANCELLED;
    };
  }
}
